import { expect, test } from '@playwright/test';

/**
 * A user signs in at the Hub; their own server starts with jupyter-jms, which connects to
 * the Hub's JMS service by itself: the Media sidebar shows the shared review queue.
 */
test("a Hub user's Lab shows the JMS service's review queue in the Media sidebar", async ({
  page
}) => {
  await page.goto('hub/login');
  await page.locator('input[name="username"]').fill('ben');
  await page.locator('input[name="password"]').fill('any');
  await page.locator('#login_submit, input[type="submit"], button[type="submit"]').first().click();
  // The Hub starts ben's server and sends the browser on to his Lab.
  await page.waitForURL(/\/user\/ben\/lab/, { timeout: 180_000 });
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, {
    timeout: 120_000
  });

  const tab = page.locator('.jp-SideBar [data-id="jupyter-jms-sidebar"]');
  await expect(tab).toBeVisible();
  const sidebar = page.locator('#jupyter-jms-sidebar');
  if (!(await sidebar.isVisible())) {
    await tab.click();
  }
  await expect(sidebar).toBeVisible();

  // The queue is the service's: ask it through ben's server, as the sidebar does (with the
  // token the Hub put in the Lab's page config).
  const call = (path: string) =>
    page.evaluate(async (url: string) => {
      const data = document.getElementById('jupyter-config-data')?.textContent;
      const token = JSON.parse(data ?? '{}').token ?? '';
      const r = await fetch(url, { headers: { Authorization: `token ${token}` } });
      return r.json();
    }, `/user/ben/jms/api/${path}`);
  const me = await call('me');
  expect(me.username).toBe('ben');
  expect(me.service.url).toContain('/services/jms/');
  const queue = await call(`drafts?state=${me.review_queue.states.join(',')}`);
  expect(queue.total).toBeGreaterThan(0);
  await expect(
    sidebar.locator('[data-section="queue"] .jp-jms-DraftRow')
  ).toHaveCount(queue.total);
  await page.screenshot({ path: 'screenshots/hub-sidebar.png' });
});
