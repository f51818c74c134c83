import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Browser, BrowserContext, expect, Page, test } from '@playwright/test';

/**
 * A member signed in to their own JupyterLab (connected to the demo's JMS service as that
 * member) in their own browser context.
 */
export interface ISession {
  user: string;
  /** The member's Lab, e.g. `http://127.0.0.1:8889/`. */
  url: string;
  /** The Lab's own token (not the member's token on the service). */
  token: string;
  context: BrowserContext;
  page: Page;
}

/**
 * A running Lab of the demo, as `jupyter jms demo` writes it to `ROOT/.jms/labs.json`.
 */
export interface ILab {
  url: string;
  token: string;
}

function demoFile(name: string): string {
  const root = process.env.JMS_UI_ROOT;
  if (!root) {
    throw new Error(
      'JMS_UI_ROOT is not set: run the tests with ui-tests/run.sh'
    );
  }
  return readFileSync(join(root, '.jms', name), 'utf-8');
}

/**
 * Each demo member's own Lab (run.sh runs `jupyter jms demo` on JMS_UI_ROOT).
 */
export function memberLabs(): Record<string, ILab> {
  const labs = JSON.parse(demoFile('labs.json')) as Record<string, ILab>;
  delete labs.service;
  return labs;
}

/**
 * The members' tokens on the demo's JMS service (they reach its /jms/api/ only).
 */
export function memberTokens(): Record<string, string> {
  return JSON.parse(demoFile('tokens.json'));
}

/**
 * Open `user`'s own JupyterLab (signed in with its token), optionally on a file of that Lab.
 */
export async function openLab(
  browser: Browser,
  user: string,
  path?: string
): Promise<ISession> {
  const lab = memberLabs()[user];
  if (!lab) {
    throw new Error(`the demo runs no Lab for ${user}`);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', error => {
    // A failing test shows why; a passing one stays quiet.
    process.stderr.write(`[${user}] page error: ${error.message}\n`);
  });
  const target = path ? `lab/tree/${path}` : 'lab';
  await page.goto(
    `${lab.url}${target}?token=${encodeURIComponent(lab.token)}&reset`
  );
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, {
    timeout: 60_000
  });
  await expect(sidebarTab(page)).toBeVisible();
  if (path) {
    await expect(
      page.locator('.jp-NotebookPanel-toolbar').first()
    ).toBeVisible();
  }
  return { user, url: lab.url, token: lab.token, context, page };
}

/**
 * The Media sidebar's tab in the left bar.
 */
export function sidebarTab(page: Page) {
  return page.locator('.jp-SideBar [data-id="jupyter-jms-sidebar"]');
}

/**
 * Show the Media sidebar (a click on its tab would close it when already open).
 */
export async function showSidebar(page: Page) {
  const sidebar = page.locator('#jupyter-jms-sidebar');
  if (!(await sidebar.isVisible())) {
    await sidebarTab(page).click();
  }
  await expect(sidebar).toBeVisible();
  return sidebar;
}

/**
 * Call the JMS API of the session's own Lab (which answers for the service, as that
 * member), the way another front would.
 */
export async function api<T>(session: ISession, path: string): Promise<T> {
  const response = await session.context.request.get(
    `${session.url}jms/api/${path}`,
    { headers: { Authorization: `token ${session.token}` } }
  );
  expect(response.ok()).toBeTruthy();
  return (await response.json()) as T;
}

/**
 * Where screenshots go for a person to look at (not compared by the tests).
 */
export function screenshotPath(name: string): string {
  return join(__dirname, '..', 'screenshots', name);
}

/**
 * Close the sessions a serial describe's tests share, once they have all run (a session a
 * failed test never opened is skipped).
 */
export function closeAfterAll(sessions: () => (ISession | undefined)[]): void {
  test.afterAll(async () => {
    for (const session of sessions()) {
      await session?.context.close();
    }
  });
}

/**
 * Open the submit dialog from the open notebook's toolbar; return it once its live checks
 * pass.
 */
export async function openSubmitDialog(page: Page) {
  await page
    .locator(
      '.jp-NotebookPanel-toolbar [data-jp-item-name="jms-submit-for-review"]'
    )
    .click();
  const dialog = page.locator('.jp-jms-SubmitDialog');
  await expect(dialog.locator('[data-status="valid"]')).toBeVisible();
  return dialog;
}

/**
 * Open a draft's review from the Media sidebar's review queue; return the review once its
 * title shows.
 */
export async function openFromQueue(page: Page, draftId: string) {
  const sidebar = await showSidebar(page);
  await sidebar
    .locator(
      `[data-section="queue"] .jp-jms-DraftRow[data-draft-id="${draftId}"]`
    )
    .click();
  const review = page.locator(`#jupyter-jms-review-${draftId}`);
  await expect(review.locator('.jp-jms-Review-title')).toBeVisible();
  return review;
}
