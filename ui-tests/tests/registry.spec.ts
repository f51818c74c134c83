import { expect, Page, test, TestInfo } from '@playwright/test';

import { ISession, openLab, screenshotPath, showSidebar } from './lab';

/**
 * Save a screenshot for a person to look at and attach it to the test report.
 */
async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const path = screenshotPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * The Registry and Governance area's panel.
 */
function area(page: Page) {
  return page.locator('#jupyter-jms-registry');
}

async function openTab(page: Page, id: string) {
  const tab = area(page).locator(`[role="tab"][data-tab="${id}"]`);
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  return area(page).locator(`[role="tabpanel"][data-tab="${id}"]`);
}

test.describe.serial('the registry area', () => {
  let dana: ISession;
  let ada: ISession;

  test.afterAll(async () => {
    await dana?.context.close();
    await ada?.context.close();
  });

  test('the admin and chair opens it from the Media sidebar and sees every tab', async ({
    browser
  }, testInfo) => {
    dana = await openLab(browser, 'dana');
    const page = dana.page;
    const sidebar = await showSidebar(page);
    await sidebar.locator('[data-action="open-registry"]').click();
    await expect(area(page).locator('.jp-jms-Registry')).toHaveAttribute(
      'data-admin',
      'true'
    );

    const channels = await openTab(page, 'channels');
    await expect(
      channels.locator('tr[data-channel-id="mastodon"]')
    ).toContainText('preferred');
    await expect(
      channels.locator('tr[data-channel-id="facebook"]')
    ).toHaveAttribute('data-status', 'retired');
    await channels
      .locator('tr[data-channel-id="youtube"] button', { hasText: 'Change' })
      .click();
    await expect(channels.locator('.jp-jms-ChannelEditor')).toBeVisible();
    await shoot(page, testInfo, 'registry-channels');
    await channels.getByRole('button', { name: 'Cancel' }).click();

    const members = await openTab(page, 'members');
    await expect(members.locator('tr[data-username="carla"]')).toContainText(
      'es, pt'
    );
    await expect(members.locator('tr[data-username="finn"]')).toContainText(
      'no role today'
    );
    await shoot(page, testInfo, 'registry-members');

    const pageTab = await openTab(page, 'page');
    await expect(pageTab.locator('.jp-jms-PagePreview')).toContainText(
      'Mastodon'
    );
    await shoot(page, testInfo, 'registry-page');

    // Opening it again brings the same panel forward.
    await sidebar.locator('[data-action="open-registry"]').click();
    await expect(page.locator('#jupyter-jms-registry')).toHaveCount(1);
  });

  test('the admin grants access, sees it listed, revokes it with a reason and finds it in who had access', async ({}, testInfo) => {
    const page = dana.page;
    const grants = await openTab(page, 'grants');
    await grants.locator('#jp-jms-grants-channel').selectOption('mastodon');
    const form = grants.locator('.jp-jms-GrantForm');
    const member = form.locator('#jp-jms-grant-member');
    // Only members who may hold a grant: not the former member, not the non-member, not
    // those who already hold one.
    const offered = await member
      .locator('option')
      .evaluateAll(options => options.map(o => (o as HTMLOptionElement).value));
    expect(offered).toContain('carla');
    for (const nobody of ['finn', 'eve', 'dana', 'ada']) {
      expect(offered).not.toContain(nobody);
    }

    await member.selectOption('carla');
    await form.locator('#jp-jms-grant-access').selectOption('viewer');
    await form
      .locator('#jp-jms-grant-vault')
      .fill('op://JMS/Mastodon ProjectJupyter/password');
    await form.locator('#jp-jms-grant-reason').fill('reads replies in Spanish');
    await form.getByRole('button', { name: 'Grant access' }).click();

    const current = grants.locator('[data-list="current"]');
    const row = current.locator('tr[data-username="carla"]');
    await expect(row).toBeVisible();
    await expect(grants.locator('.jp-jms-Notice')).toContainText(
      'carla now holds Viewer access'
    );
    await shoot(page, testInfo, 'registry-access');

    await row.getByRole('button', { name: 'Revoke…' }).click();
    const revoke = grants.locator('.jp-jms-RevokeForm');
    await expect(
      revoke.getByRole('button', { name: 'Revoke access' })
    ).toBeDisabled();
    await revoke.locator('input').fill('the Spanish account took over');
    await revoke.getByRole('button', { name: 'Revoke access' }).click();

    await expect(current.locator('tr[data-username="carla"]')).toHaveCount(0);
    const had = grants.locator(
      '[data-list="history"] tr[data-username="carla"]'
    );
    await expect(had).toHaveAttribute('data-live', 'false');
    await expect(had).toContainText('Revoked: the Spanish account took over');
    await expect(had).toContainText('by dana');
    await shoot(page, testInfo, 'registry-who-had-access');

    // Per member: carla's history holds the revoked grant too.
    await grants.getByLabel('By member').check();
    await grants.locator('#jp-jms-grants-member').selectOption('carla');
    await expect(
      grants.locator('.jp-jms-MemberGrants tr[data-live="false"]')
    ).toContainText('mastodon');
  });

  test('an editor opens it from the palette and sees it read only', async ({
    browser
  }, testInfo) => {
    ada = await openLab(browser, 'ada');
    const page = ada.page;
    // View → Activate Command Palette, then the command by its name. The modal palette
    // closes when the Lab moves focus while it restores its workspace (another spec may have
    // left a notebook open in this Lab), so open it again until it takes the text.
    const palette = page.locator('#command-palette');
    await expect(async () => {
      if (!(await palette.locator('input').isVisible())) {
        await page
          .locator('#jp-MainMenu')
          .getByText('View', { exact: true })
          .click();
        await page
          .locator('.lm-Menu-itemLabel', {
            hasText: 'Activate Command Palette'
          })
          .click();
      }
      await palette
        .locator('input')
        .fill('Open Registry and Governance', { timeout: 2_000 });
    }).toPass({ timeout: 40_000 });
    await palette.locator('input').press('Enter');

    await expect(area(page).locator('.jp-jms-Registry')).toHaveAttribute(
      'data-admin',
      'false'
    );
    await expect(area(page)).toContainText('read only');
    const channels = await openTab(page, 'channels');
    await expect(
      channels.locator('tr[data-channel-id="mastodon"]')
    ).toBeVisible();
    await expect(channels.getByRole('button', { name: /Change/ })).toHaveCount(
      0
    );
    await expect(
      channels.getByRole('button', { name: /Add a channel/ })
    ).toHaveCount(0);

    const grants = await openTab(page, 'grants');
    await expect(grants.locator('[data-list="history"]')).toContainText(
      'mastodon'
    );
    await expect(
      grants.getByRole('button', { name: 'Grant access' })
    ).toHaveCount(0);
    await expect(grants.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
    await shoot(page, testInfo, 'registry-editor-access');

    const members = await openTab(page, 'members');
    await expect(members.locator('tr[data-username="dana"]')).toBeVisible();
    await expect(members.getByRole('button')).toHaveCount(0);
  });
});
