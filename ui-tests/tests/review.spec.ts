import { expect, test } from '@playwright/test';

import {
  api,
  closeAfterAll,
  ISession,
  openFromQueue,
  openLab,
  openSubmitDialog,
  screenshotPath,
  showSidebar
} from './lab';

/**
 * Markup is legal in a title (the server refuses only active content), and every front
 * must show it as the text it is.
 */
const TITLE = 'Notebooks <b>x</b> & <img src=x alt=pic> for everyone';
const COMMENT = 'Lovely intro. <i>Shorter</i> perhaps?';
const VERDICTS = ['approve', 'request_changes', 'reject'];

test.describe.serial('an author submits, an editor approves', () => {
  let eve: ISession;
  let draftId = '';

  closeAfterAll(() => [eve]);

  test('the author fills the post form with live checks and submits from the toolbar', async ({
    browser
  }) => {
    eve = await openLab(browser, 'eve', 'posts/my-new-post.ipynb');
    const page = eve.page;

    const dialog = await openSubmitDialog(page);

    const title = dialog.locator('input[name="title"]');
    await title.fill('');
    await expect(dialog.locator('[data-status="invalid"]')).toBeVisible();
    await expect(
      dialog.locator('[data-field="title"] .jp-jms-FieldErrors')
    ).not.toBeEmpty();
    await title.fill(TITLE);

    await dialog.locator('input[name="channel-mastodon"]').check();
    const social = dialog.locator('textarea[name="social.mastodon"]');
    const counter = dialog.locator('.jp-jms-Counter[data-channel="mastodon"]');
    await social.fill('x'.repeat(510));
    await expect(counter).toHaveText('510 / 500');
    await expect(counter).toHaveClass(/jp-jms-Counter-over/);
    const text =
      'Read it: https://blog.jupyter.org/a-post-with-a-rather-long-address';
    await social.fill(text);
    // Mastodon counts any link as 23 characters.
    await expect(counter).toHaveText(`${'Read it: '.length + 23} / 500`);
    await expect(counter).not.toHaveClass(/jp-jms-Counter-over/);
    await expect(dialog.locator('[data-status="valid"]')).toBeVisible();

    await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    const sidebar = await showSidebar(page);
    const row = sidebar
      .locator('[data-section="mine"] .jp-jms-DraftRow')
      .filter({ hasText: 'for everyone' });
    await expect(row.locator('.jp-jms-State')).toHaveAttribute(
      'data-state',
      'submitted'
    );
    draftId = (await row.getAttribute('data-draft-id')) ?? '';
    expect(draftId).not.toBe('');
    await expect(page.locator('.jp-jms-StatusButton')).toHaveAttribute(
      'data-state',
      'submitted'
    );

    // The notebook now carries the metadata it was submitted with.
    const draft = await api<{ title: string; channels: string[] }>(
      eve,
      `drafts/${draftId}`
    );
    expect(draft.title).toBe(TITLE);
    expect(draft.channels).toContain('mastodon');
  });

  test('a title containing HTML shows as text', async () => {
    const sidebar = await showSidebar(eve.page);
    const title = sidebar.locator(
      `.jp-jms-DraftRow[data-draft-id="${draftId}"] .jp-jms-DraftRow-title`
    );
    await expect(title).toHaveText(TITLE);
    await expect(title.locator('b, img')).toHaveCount(0);
  });

  test('the editor comments on a cell and approves from the review view', async ({
    browser
  }) => {
    const ada = await openLab(browser, 'ada');
    const page = ada.page;
    try {
      const review = await openFromQueue(page, draftId);
      await expect(review.locator('.jp-jms-Review-title')).toHaveText(TITLE);
      await expect(
        review.locator('.jp-jms-Review-title').locator('b, img')
      ).toHaveCount(0);
      await expect(
        page.locator(
          '#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel'
        )
      ).toHaveText(`Review: ${TITLE}`);

      // Markdown cells are rendered, code cells shown as code.
      await expect(
        review.locator('.jp-jms-Cell-markdown .jp-jms-Markdown h1').first()
      ).toBeVisible();
      await expect(
        review.locator('.jp-jms-Cell-code .jp-jms-Code').first()
      ).toContainText('import sys');

      // Exactly the verdicts the server allows this editor.
      const detail = await api<{ allowed_actions: string[] }>(
        ada,
        `drafts/${draftId}`
      );
      const allowed = VERDICTS.filter(v => detail.allowed_actions.includes(v));
      const buttons = review.locator(
        '[data-section="verdict"] button[data-verdict]'
      );
      await expect(buttons).toHaveCount(allowed.length);
      const shown = await buttons.evaluateAll(nodes =>
        nodes.map(n => n.getAttribute('data-verdict'))
      );
      expect(shown).toEqual(allowed);

      const cell = review.locator('.jp-jms-Cell').first();
      await cell.getByRole('button', { name: 'Comment on this cell' }).click();
      await cell.locator('textarea').fill(COMMENT);
      await cell.getByRole('button', { name: 'Post comment' }).click();
      await expect(cell.locator('.jp-jms-Comment-body')).toHaveText(COMMENT);
      await expect(cell.locator('.jp-jms-Comment-body i')).toHaveCount(0);

      await review
        .getByRole('button', { name: 'Mark every item as pass' })
        .click();
      await review.locator('button[data-verdict="approve"]').click();
      await expect(
        review.locator('.jp-jms-Review-meta .jp-jms-State')
      ).toHaveAttribute('data-state', 'approved');
      await page.screenshot({ path: screenshotPath('review-view.png') });
    } finally {
      await ada.context.close();
    }
  });

  test('the author sees it approved without reloading the page', async () => {
    const page = eve.page;
    await page.bringToFront();
    const sidebar = await showSidebar(page);
    // Nobody clicks refresh: the sidebar and status bar refresh on their own.
    await expect(
      sidebar.locator(
        `.jp-jms-DraftRow[data-draft-id="${draftId}"] .jp-jms-State`
      )
    ).toHaveAttribute('data-state', 'approved', { timeout: 45_000 });
    await expect(page.locator('.jp-jms-StatusButton')).toHaveAttribute(
      'data-state',
      'approved',
      { timeout: 45_000 }
    );
    await page.screenshot({ path: screenshotPath('sidebar-author.png') });
  });

  test('the author sees the comment but no verdict buttons', async () => {
    const page = eve.page;
    await page.locator('.jp-jms-StatusButton').click();
    const review = page.locator(`#jupyter-jms-review-${draftId}`);
    await expect(review.locator('.jp-jms-Comment-body').first()).toHaveText(
      COMMENT
    );
    await expect(review.locator('[data-section="verdict"]')).toHaveCount(0);
    const detail = await api<{ allowed_actions: string[] }>(
      eve,
      `drafts/${draftId}`
    );
    expect(detail.allowed_actions.filter(a => VERDICTS.includes(a))).toEqual(
      []
    );
  });
});
