import { expect, test } from '@playwright/test';

import {
  api,
  closeAfterAll,
  ISession,
  openFromQueue,
  openLab,
  openSubmitDialog,
  screenshotPath
} from './lab';

/**
 * The demo's third-party post, which ben sent back with "request changes".
 */
const PATH = 'posts/partner-notebook-service.ipynb';
const ADDED = 'Workshops get free hosting for every participant.';

test.describe.serial('an author answers a review with a new revision', () => {
  let eve: ISession;
  let draftId = '';

  closeAfterAll(() => [eve]);

  test('the author edits the notebook and submits revision 2', async ({
    browser
  }) => {
    eve = await openLab(browser, 'eve', PATH);
    const page = eve.page;
    await expect(page.locator('.jp-jms-StatusButton')).toHaveAttribute(
      'data-state',
      'changes_requested'
    );

    // Edit the first (markdown) cell the way a person does, then render it again.
    const cell = page.locator('.jp-NotebookPanel .jp-Cell').first();
    await cell.dblclick();
    const editor = cell.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n\n${ADDED}`);
    await page.keyboard.press('Shift+Enter');

    const dialog = await openSubmitDialog(page);
    await expect(dialog.locator('.jp-Dialog-header')).toContainText(
      'Submit revision 2'
    );
    await page.screenshot({ path: screenshotPath('submit-form.png') });
    await dialog
      .getByRole('button', { name: 'Submit revision', exact: true })
      .click();
    await expect(dialog).toHaveCount(0);

    await expect(page.locator('.jp-jms-StatusButton')).toHaveAttribute(
      'data-state',
      'submitted'
    );
    const found = await api<{
      items: { id: string; path: string; revision: number }[];
    }>(eve, 'drafts?limit=200');
    const draft = found.items.find(d => d.path === PATH);
    expect(draft?.revision).toBe(2);
    draftId = draft?.id ?? '';
  });

  test('the editor who asked for changes sees what changed since their review', async ({
    browser
  }) => {
    const ben = await openLab(browser, 'ben');
    try {
      const page = ben.page;
      const review = await openFromQueue(page, draftId);
      const changes = review.locator('[data-section="changes"]');
      await expect(changes).toContainText(
        'Since revision 1, which you last reviewed'
      );
      await expect(changes.locator('.jp-jms-Patch-add')).toContainText([ADDED]);
      await expect(
        review.locator('.jp-jms-Cell').first().locator('.jp-jms-Change')
      ).toHaveText('changed');
      // The error output the author left is flagged on its cell.
      await expect(
        review.locator('.jp-jms-Cell-code .jp-jms-Warning')
      ).toHaveCount(1);
      await page.screenshot({ path: screenshotPath('review-diff.png') });
    } finally {
      await ben.context.close();
    }
  });
});
