import { expect, test } from '@playwright/test';

import { api, openLab, screenshotPath, showSidebar } from './lab';

const TITLE = 'JupyterCon recap';
const BLOG_URL = 'https://blog.jupyter.org/jupytercon-recap';

interface IToPublish {
  id: string;
  title: string;
  state: string;
}

test('an editor downloads the blog export, publishes now and records the blog URL', async ({
  browser
}, testInfo) => {
  const ada = await openLab(browser, 'ada');
  const page = ada.page;
  try {
    const list = await api<{ items: IToPublish[] }>(ada, 'publications');
    const post = list.items.find(i => i.title === TITLE);
    expect(post?.state).toBe('approved');
    const id = post!.id;

    const sidebar = await showSidebar(page);
    await sidebar
      .locator(
        `[data-section="to-publish"] .jp-jms-DraftRow[data-draft-id="${id}"]`
      )
      .click();
    const review = page.locator(`#jupyter-jms-review-${id}`);
    const section = review.locator('[data-section="publishing"]');
    await expect(section.locator('[data-channel="blog"]')).toBeVisible();
    await expect(section.locator('[data-part="schedule"]')).toContainText(
      'Not scheduled yet.'
    );

    // The exports come through the Lab with its own authentication, as files.
    const exports = section.locator('[data-export]');
    await expect(exports).toHaveCount(3);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.locator('[data-export="html"]').click()
    ]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    const saved = await download.path();
    expect(saved).toBeTruthy();

    await section.locator('[data-action="publish-now"]').click();
    const blog = section.locator('[data-channel="blog"]');
    await expect(blog).toHaveAttribute('data-outcome', 'queued');
    await expect(
      review.locator('.jp-jms-Review-meta .jp-jms-State')
    ).toHaveAttribute('data-state', 'scheduled');
    await expect(section.locator('[data-part="schedule"]')).toContainText(
      'Publishes at'
    );
    // One place to publish: the transitions offer no Schedule or Record publication, and
    // the blog's row is where its URL is recorded.
    await expect(
      review.locator(
        '[data-section="transitions"] [data-action="publish"], [data-section="transitions"] [data-action="schedule"]'
      )
    ).toHaveCount(0);
    await expect(blog.locator('[data-action="mark-done"]')).toHaveText(
      'Record the blog URL'
    );
    const shot = screenshotPath('publishing.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('publishing', {
      path: shot,
      contentType: 'image/png'
    });

    await blog.locator('input[name="url"]').fill(BLOG_URL);
    await blog.locator('[data-action="mark-done"]').click();
    await expect(blog).toHaveAttribute('data-outcome', 'done');
    await expect(blog.locator(`a[href="${BLOG_URL}"]`)).toBeVisible();
    await expect(
      review.locator('.jp-jms-Review-meta .jp-jms-State')
    ).toHaveAttribute('data-state', 'published');

    const held = await api<{ state: string }>(ada, `drafts/${id}`);
    expect(held.state).toBe('published');
  } finally {
    await ada.context.close();
  }
});
