import { expect, test } from '@playwright/test';

import { api, openLab, screenshotPath, showSidebar } from './lab';

test('the Media sidebar opens and shows the queue and the channels the server holds', async ({
  browser
}) => {
  const ada = await openLab(browser, 'ada');
  try {
    const sidebar = await showSidebar(ada.page);
    // The queue is the states the server names for ada in `GET me`.
    const me = await api<{ review_queue: { states: string[] } }>(ada, 'me');
    const queue = await api<{ total: number }>(
      ada,
      `drafts?state=${me.review_queue.states.join(',')}`
    );
    const channels = await api<{ items: { status: string }[] }>(
      ada,
      'channels'
    );
    const active = channels.items.filter(c => c.status === 'active').length;

    expect(queue.total).toBeGreaterThan(0);
    await expect(
      sidebar.locator('[data-section="queue"] .jp-jms-DraftRow')
    ).toHaveCount(queue.total);
    await expect(
      sidebar.locator('[data-section="channels"] .jp-jms-ChannelRow')
    ).toHaveCount(active);
    // ada's Lab is connected to the demo's service, and the sidebar names it.
    const service = (await api<{ service: { url: string } }>(ada, 'me'))
      .service;
    const host = new URL(service.url).host;
    await expect(sidebar.locator('.jp-jms-Service')).toHaveText(
      `Connected to ${host}`
    );
    await expect(sidebar.locator('.jp-jms-Service')).toHaveAttribute(
      'data-service-url',
      service.url
    );
    expect(new URL(service.url).port).not.toBe(new URL(ada.page.url()).port);
    // The version handshake found frontend and server in agreement: no warning.
    await expect(
      ada.page.locator('.Toastify__toast', { hasText: 'does not match' })
    ).toHaveCount(0);
  } finally {
    await ada.context.close();
  }
});

test('an admin who is not an editor gets the review queue GET me names', async ({
  browser
}) => {
  const dana = await openLab(browser, 'dana');
  try {
    const sidebar = await showSidebar(dana.page);
    const me = await api<{ review_queue: { states: string[] } }>(dana, 'me');
    expect(me.review_queue.states.length).toBeGreaterThan(0);
    const queue = await api<{ total: number }>(
      dana,
      `drafts?state=${me.review_queue.states.join(',')}`
    );
    await expect(
      sidebar.locator('[data-section="queue"] .jp-jms-DraftRow')
    ).toHaveCount(queue.total);
    await dana.page.screenshot({ path: screenshotPath('sidebar-admin.png') });
  } finally {
    await dana.context.close();
  }
});
