import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';

import { api, openLab, screenshotPath, showSidebar } from './lab';

const DASHBOARD = 'editor_dashboard.ipynb';

test("the editors' dashboard in ada's folder, run as it is, acts as ada", async ({
  browser
}, testInfo) => {
  test.setTimeout(240_000);
  const ada = await openLab(browser, 'ada', DASHBOARD);
  try {
    const page = ada.page;
    const me = await api<{ review_queue: { states: string[] } }>(ada, 'me');
    const queue = await api<{ total: number }>(
      ada,
      `drafts?state=${me.review_queue.states.join(',')}`
    );
    expect(queue.total).toBeGreaterThan(0);

    // Run all, unedited: no url, no token in the notebook.
    const view = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const runAll = async () => {
      await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
      await page
        .locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ })
        .click();
    };
    await expect(
      page.locator('.jp-StatusBar-Item', { hasText: /Python 3 \| Idle/ })
    ).toBeVisible({ timeout: 60_000 });
    await runAll();
    // A Run All sent while the kernel's connection is still settling can go unanswered
    // (the cells keep an empty prompt): ask once more, which only runs them again.
    const started = view
      .locator('.jp-InputArea-prompt', { hasText: /\[(\d+|\*)\]/ })
      .first();
    try {
      await expect(started).toBeVisible({ timeout: 30_000 });
    } catch {
      await runAll();
    }

    const header = view.locator('.widget-html', { hasText: 'Signed in as' });
    await expect(header).toContainText('Signed in as ada (editor)', {
      timeout: 120_000
    });
    await expect(
      view.locator('.widget-html', {
        hasText: `${queue.total} of ${queue.total} draft(s)`
      })
    ).toBeVisible({ timeout: 60_000 });
    // The last cell prints one line on what the panels show.
    await expect(
      view.locator('.jp-OutputArea-output pre').last()
    ).toContainText(' as ada (editor); review queue: ', { timeout: 60_000 });
    await expect(view).not.toContainText('anonymous user');
    await expect(view).not.toContainText('problems:');

    await header.scrollIntoViewIfNeeded();
    const path = screenshotPath('dashboard-signed-in-as-ada.png');
    await page.screenshot({ path });
    await testInfo.attach('dashboard signed in as ada', {
      path,
      contentType: 'image/png'
    });
  } finally {
    await ada.context.close();
  }
});

/**
 * The JMS service's own Jupyter URL and token (its runtime file): the token signs in
 * jupyter_server's anonymous user, who is no JMS member. The demo prints no link with it.
 */
function serviceOwnLogin(): { url: string; token: string } | null {
  const runtime = process.env.JUPYTER_RUNTIME_DIR;
  const service = new URL(process.env.JMS_UI_URL ?? 'http://127.0.0.1:8899/');
  if (!runtime) {
    return null;
  }
  for (const name of readdirSync(runtime)) {
    if (!/^jpserver-\d+\.json$/.test(name)) {
      continue;
    }
    const info = JSON.parse(readFileSync(join(runtime, name), 'utf-8'));
    if (String(info.port) === service.port) {
      return { url: service.href, token: String(info.token) };
    }
  }
  return null;
}

test('the sidebar tells a caller off the roster to use a member link', async ({
  browser
}, testInfo) => {
  const login = serviceOwnLogin();
  test.skip(login === null, "the service's runtime file is not readable here");
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(
      `${login!.url}lab?token=${encodeURIComponent(login!.token)}&reset`
    );
    await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, {
      timeout: 60_000
    });
    const sidebar = await showSidebar(page);
    await expect(sidebar.locator('.jp-jms-Sidebar-notMember')).toHaveText(
      'Not a JMS member: use a member link.'
    );
    await expect(sidebar).not.toContainText('Signed in as');

    const path = screenshotPath('sidebar-not-a-member.png');
    await page.screenshot({ path });
    await testInfo.attach('sidebar, not a member', {
      path,
      contentType: 'image/png'
    });
  } finally {
    await context.close();
  }
});
