import { expect, test } from '@playwright/test';

import {
  api,
  closeAfterAll,
  ISession,
  openFromQueue,
  openLab,
  screenshotPath
} from './lab';

/**
 * The demo's submitted post nobody reviewed yet (other specs leave it alone).
 */
const TITLE = 'JupyterLab 4.6 is out';
const COMMENT = 'Announced already on every channel; not for us to repeat.';

interface IDraftRow {
  id: string;
  path: string;
  title: string;
  state: string;
}

async function findDraft(
  session: ISession,
  match: (d: IDraftRow) => boolean
): Promise<IDraftRow> {
  const found = await api<{ items: IDraftRow[] }>(session, 'drafts?limit=200');
  const draft = found.items.find(match);
  expect(draft, 'the demo has such a draft').toBeTruthy();
  return draft!;
}

test.describe.serial('an editor rejects a post, after confirming', () => {
  let ben: ISession;

  closeAfterAll(() => [ben]);

  test('Reject asks first; Cancel changes nothing; confirming rejects', async ({
    browser
  }, testInfo) => {
    ben = await openLab(browser, 'ben');
    const page = ben.page;
    const draft = await findDraft(ben, d => d.title === TITLE);
    expect(draft.state).toBe('submitted');
    const review = await openFromQueue(page, draft.id);

    const verdict = review.locator('[data-section="verdict"]');
    await verdict.locator('textarea[name="verdict-comment"]').fill(COMMENT);
    await verdict.locator('[data-verdict="reject"]').click();

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`Reject “${TITLE}”?`);
    await expect(dialog).toContainText('A rejected post is final');
    const shot = screenshotPath('reject-confirmation.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('reject-confirmation', {
      path: shot,
      contentType: 'image/png'
    });

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    const kept = await api<{ state: string; reviews: unknown[] }>(
      ben,
      `drafts/${draft.id}`
    );
    expect(kept.state).toBe('submitted');
    expect(kept.reviews).toHaveLength(0);
    // The comment typed is still there for the second try.
    await expect(
      verdict.locator('textarea[name="verdict-comment"]')
    ).toHaveValue(COMMENT);

    await verdict.locator('[data-verdict="reject"]').click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect
      .poll(
        async () =>
          (await api<{ state: string }>(ben, `drafts/${draft.id}`)).state
      )
      .toBe('rejected');
    const done = await api<{
      reviews: { reviewer: string; verdict: string; comment: string }[];
    }>(ben, `drafts/${draft.id}`);
    expect(done.reviews.map(r => [r.reviewer, r.verdict, r.comment])).toEqual([
      ['ben', 'reject', COMMENT]
    ]);
    await expect(
      review.locator('.jp-jms-Review-meta .jp-jms-State')
    ).toHaveAttribute('data-state', 'rejected');
  });

  test('a draft whose notebook is not in the file tree says so when its path is clicked', async () => {
    const page = ben.page;
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    // The demo's history drafts were submitted from notebooks that are not on disk.
    const draft = await findDraft(
      ben,
      d => d.path.startsWith('history/') && d.state === 'submitted'
    );
    const review = await openFromQueue(page, draft.id);
    await review
      .locator('.jp-jms-Review-meta button', { hasText: draft.path })
      .click();
    await expect(review.locator('[data-notebook-missing]')).toHaveText(
      'This notebook is not in your file tree.'
    );
    // No editor tab opened on a missing file, and no uncaught error.
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: draft.path.split('/')[1] })
    ).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});
