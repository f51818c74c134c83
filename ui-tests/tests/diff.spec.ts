import { expect, Page, test } from '@playwright/test';

import {
  api,
  ISession,
  memberLabs,
  openLab,
  screenshotPath,
  showSidebar
} from './lab';

/**
 * A post of eve's that no other spec uses: its second revision holds one change of each
 * kind the review view's diff shows.
 */
const PATH = 'posts/diff-walkthrough.ipynb';
const TITLE = 'A diff walkthrough';

// Two 24×16 PNGs of one colour each (orange, then blue): the chart the author redrew.
const ORANGE =
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAGklEQVR42mP4XKZGFcQwatCoQaMGjRpEGQIA3BpWn1bFiioAAAAASUVORK5CYII=';
const BLUE =
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAGklEQVR42mPQrb9MFcQwatCoQaMGjRpEGQIA7EM+n3/BL9UAAAAASUVORK5CYII=';

type Cell = Record<string, unknown>;

function markdown(id: string, source: string): Cell {
  return { id, cell_type: 'markdown', metadata: {}, source };
}

function code(
  id: string,
  source: string,
  outputs: Cell[],
  metadata: Cell = {}
): Cell {
  return {
    id,
    cell_type: 'code',
    metadata,
    source,
    execution_count: 1,
    outputs
  };
}

function chart(png: string): Cell {
  return {
    output_type: 'display_data',
    metadata: {},
    data: {
      'image/png': png,
      'text/plain': '<IPython.core.display.Image object>'
    }
  };
}

function notebook(cells: Cell[]): Cell {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      jms: { title: TITLE, authors: ['eve'], channels: ['blog'] },
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells
  };
}

const INTRO = markdown(
  'title',
  `# ${TITLE}\n\nHow a reviewer sees a second revision.`
);
const ASIDE = markdown(
  'aside',
  '## An aside that moves\n\nThis paragraph changes place.'
);
const SOURCE = "from IPython.display import Image\nImage(filename='chart.png')";
const PRINT = 'import sys\nprint(sys.version_info[:2])';
const STDOUT = [{ output_type: 'stream', name: 'stdout', text: '(3, 12)\n' }];
const OUTRO = markdown('outro', 'Thanks for reading!\nSee you next time.');

const REVISION_1 = notebook([
  INTRO,
  code('setup', PRINT, STDOUT, { slideshow: { slide_type: 'slide' } }),
  ASIDE,
  code('chart', SOURCE, [chart(ORANGE)]),
  markdown('dropped', 'A paragraph the author drops.'),
  OUTRO
]);

/**
 * Revision 2 as the author leaves it before the last edit, made in Lab: the setup cell's
 * slide type changed, the chart redrawn, the dropped paragraph removed, a paragraph added
 * and the aside moved to the end.
 */
const REVISION_2 = notebook([
  INTRO,
  code('setup', PRINT, STDOUT, { slideshow: { slide_type: 'skip' } }),
  code('chart', SOURCE, [chart(BLUE)]),
  OUTRO,
  markdown('added', 'A paragraph the author adds.'),
  ASIDE
]);

/**
 * Write a notebook into eve's Lab through its contents API, as another editor of the
 * file (a text editor, git) would change it on disk.
 */
async function writeNotebook(session: ISession, content: Cell): Promise<void> {
  const lab = memberLabs()[session.user];
  const response = await session.context.request.put(
    `${lab.url}api/contents/${PATH}`,
    {
      headers: { Authorization: `token ${lab.token}` },
      data: { type: 'notebook', format: 'json', content }
    }
  );
  expect(response.ok()).toBeTruthy();
}

function submitButton(page: Page) {
  return page.locator(
    '.jp-NotebookPanel-toolbar [data-jp-item-name="jms-submit-for-review"]'
  );
}

test.describe.serial('a reviewer reads each kind of change', () => {
  let draftId = '';

  test('the author submits revision 1 from the toolbar', async ({
    browser
  }) => {
    const blank = await openLab(browser, 'eve');
    await writeNotebook(blank, REVISION_1);
    await blank.context.close();

    const eve = await openLab(browser, 'eve', PATH);
    try {
      const page = eve.page;
      await submitButton(page).click();
      const dialog = page.locator('.jp-jms-SubmitDialog');
      await expect(dialog.locator('.jp-Dialog-header')).toContainText(
        'Submit for review'
      );
      await expect(dialog.locator('[data-status="valid"]')).toBeVisible();
      await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.locator('.jp-jms-StatusButton')).toHaveAttribute(
        'data-state',
        'submitted'
      );
      const found = await api<{
        items: { id: string; path: string; revision: number }[];
      }>(eve, 'drafts?limit=200');
      const draft = found.items.find(d => d.path === PATH);
      expect(draft?.revision).toBe(1);
      draftId = draft?.id ?? '';
    } finally {
      await eve.context.close();
    }
  });

  test('the author reworks the notebook and submits revision 2', async ({
    browser
  }) => {
    const blank = await openLab(browser, 'eve');
    await writeNotebook(blank, REVISION_2);
    await blank.context.close();

    const eve = await openLab(browser, 'eve', PATH);
    try {
      const page = eve.page;
      // The last line of the closing paragraph is rewritten in Lab, as a person does.
      const outro = page.locator('.jp-NotebookPanel .jp-Cell').nth(3);
      await expect(outro).toContainText('See you next time.');
      await outro.dblclick();
      await outro.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('See you at JupyterCon.');
      await page.keyboard.press('Shift+Enter');
      await expect(outro).toContainText('See you at JupyterCon.');

      await submitButton(page).click();
      const dialog = page.locator('.jp-jms-SubmitDialog');
      await expect(dialog.locator('.jp-Dialog-header')).toContainText(
        'Submit revision 2'
      );
      await expect(dialog.locator('[data-status="valid"]')).toBeVisible();
      await dialog
        .getByRole('button', { name: 'Submit revision', exact: true })
        .click();
      await expect(dialog).toHaveCount(0);
      await expect
        .poll(
          async () =>
            (await api<{ revision: number }>(eve, `drafts/${draftId}`)).revision
        )
        .toBe(2);
    } finally {
      await eve.context.close();
    }
  });

  test('an editor compares with revision 1 and sees each change', async ({
    browser
  }) => {
    const ada = await openLab(browser, 'ada');
    try {
      const page = ada.page;
      const sidebar = await showSidebar(page);
      await sidebar
        .locator(
          `[data-section="queue"] .jp-jms-DraftRow[data-draft-id="${draftId}"]`
        )
        .click();
      const review = page.locator(`#jupyter-jms-review-${draftId}`);
      const changes = review.locator('[data-section="changes"]');
      // ada has not reviewed it: nothing is compared until she picks a revision.
      await expect(changes).toContainText(
        'You have not reviewed an earlier revision of this draft.'
      );
      const compare = changes.getByLabel('Compare with');
      await compare.selectOption('1');
      await expect(changes).toContainText('Since revision 1:');

      const item = (id: string) => changes.locator(`[data-diff-cell="${id}"]`);

      // The moved cell is one entry, marked moved, and neither removed nor added.
      await expect(item('aside')).toHaveCount(1);
      await expect(item('aside')).toHaveAttribute('data-diff-status', 'moved');
      await expect(item('aside').locator('.jp-jms-Change')).toHaveText('moved');
      await expect(item('aside')).toContainText('moved from position 3');
      await expect(item('aside').locator('.jp-jms-Patch')).toHaveCount(0);

      // The line rewritten in Lab: the old one removed, the new one added.
      await expect(item('outro')).toHaveAttribute(
        'data-diff-status',
        'modified'
      );
      await expect(item('outro').locator('.jp-jms-Patch-del')).toHaveText([
        '-See you next time.'
      ]);
      await expect(item('outro').locator('.jp-jms-Patch-add')).toHaveText([
        '+See you at JupyterCon.'
      ]);
      await expect(item('outro').locator('.jp-jms-Patch')).toContainText(
        'Thanks for reading!'
      );

      await expect(item('added')).toHaveAttribute('data-diff-status', 'added');
      await expect(item('added').locator('.jp-jms-Change')).toHaveText('new');
      await expect(item('added').locator('.jp-jms-Patch-add')).toHaveText([
        '+A paragraph the author adds.'
      ]);

      await expect(item('dropped')).toHaveAttribute(
        'data-diff-status',
        'removed'
      );
      await expect(item('dropped').locator('.jp-jms-Change')).toHaveText(
        'removed'
      );
      // Numbered where it was, in revision 1: cell 5 of revision 2 is the new one.
      await expect(item('dropped')).toContainText(
        'cell 5 of revision 1 (markdown)'
      );
      await expect(item('dropped').locator('.jp-jms-Patch-del')).toHaveText([
        '-A paragraph the author drops.'
      ]);

      await expect(item('chart').locator('.jp-jms-DiffNotes')).toHaveText(
        'Output 1: image/png changed'
      );
      await expect(item('chart').locator('.jp-jms-Patch')).toHaveCount(0);
      await expect(item('setup').locator('.jp-jms-DiffNotes')).toHaveText(
        'Cell metadata: slideshow.slide_type (changed)'
      );
      await expect(item('title')).toHaveCount(0);

      // The revision below carries the same marks on its cells.
      const aside = review.locator('.jp-jms-Cell[data-cell-id="aside"]');
      await expect(aside.locator('.jp-jms-Change')).toHaveText('moved');
      await expect(aside.locator('.jp-jms-MovedFrom')).toHaveText(
        'moved from position 3'
      );

      // Keyboard: from the selector, Tab walks the links to each cell still there.
      await compare.focus();
      const links = [
        'cell 2 (code)',
        'cell 3 (code)',
        'cell 4 (markdown)',
        'cell 5 (markdown)',
        'cell 6 (markdown)'
      ];
      for (const name of links) {
        await page.keyboard.press('Tab');
        await expect(
          changes.getByRole('button', { name, exact: true })
        ).toBeFocused();
      }
      await page.keyboard.press('Shift+Tab');
      await expect(
        changes.getByRole('button', { name: links[3], exact: true })
      ).toBeFocused();

      await changes.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('review-diff-kinds.png') });
      await changes.screenshot({
        path: screenshotPath('review-diff-changes.png')
      });

      // Enter on the moved cell's link brings that cell of the revision into view.
      await changes
        .getByRole('button', { name: links[4], exact: true })
        .focus();
      await page.keyboard.press('Enter');
      await expect(aside).toBeInViewport();
      await page.screenshot({ path: screenshotPath('review-diff-moved.png') });
    } finally {
      await ada.context.close();
    }
  });
});
