import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Browser, BrowserContext, expect, Page } from '@playwright/test';

/**
 * A member signed in to JupyterLab in their own browser context.
 */
export interface ISession {
  user: string;
  token: string;
  context: BrowserContext;
  page: Page;
}

/**
 * The member tokens of the demo root the server runs on (`jupyter jms demo`).
 */
export function memberTokens(): Record<string, string> {
  const root = process.env.JMS_UI_ROOT;
  if (!root) {
    throw new Error(
      'JMS_UI_ROOT is not set: run the tests with ui-tests/run.sh'
    );
  }
  return JSON.parse(readFileSync(join(root, '.jms', 'tokens.json'), 'utf-8'));
}

/**
 * Open JupyterLab as `user` (signed in with their member token), optionally on a file.
 */
export async function openLab(
  browser: Browser,
  user: string,
  path?: string
): Promise<ISession> {
  const token = memberTokens()[user];
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', error => {
    // A failing test shows why; a passing one stays quiet.
    process.stderr.write(`[${user}] page error: ${error.message}\n`);
  });
  const target = path ? `lab/tree/${path}` : 'lab';
  await page.goto(`${target}?token=${encodeURIComponent(token)}&reset`);
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, {
    timeout: 60_000
  });
  await expect(sidebarTab(page)).toBeVisible();
  if (path) {
    await expect(
      page.locator('.jp-NotebookPanel-toolbar').first()
    ).toBeVisible();
  }
  return { user, token, context, page };
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
 * Call the REST API as the session's member, the way another front would.
 */
export async function api<T>(session: ISession, path: string): Promise<T> {
  const response = await session.context.request.get(`jms/api/${path}`, {
    headers: { Authorization: `token ${session.token}` }
  });
  expect(response.ok()).toBeTruthy();
  return (await response.json()) as T;
}

/**
 * Where screenshots go for a person to look at (not compared by the tests).
 */
export function screenshotPath(name: string): string {
  return join(__dirname, '..', 'screenshots', name);
}
