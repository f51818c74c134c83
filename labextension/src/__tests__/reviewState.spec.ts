/**
 * What the review model shows once loaded: the diff base, cells with their comments and
 * warnings, the verdicts and transitions the server allows, and readable outputs.
 */

import { outputText } from '../cellViews';
import { ReviewModel } from '../reviewModel';
import { detail } from './fixtures';
import { fakeClient, ISeen } from './fakeServer';
import { server } from './reviewServer';

describe('ReviewModel state', () => {
  it('loads the revision, and the diff since the revision this reviewer last reviewed', async () => {
    const seen: ISeen[] = [];
    const draft = detail({ id: '4', revision: 2, last_reviewed_revision: 1 });
    const model = new ReviewModel(
      fakeClient(
        server(() => draft),
        seen
      ),
      '4'
    );

    await model.load();

    expect(seen.map(s => s.path)).toEqual(
      expect.arrayContaining([
        'drafts/4',
        'drafts/4/revisions/2',
        'drafts/4/revisions/2/diff'
      ])
    );
    expect(seen.find(s => s.path.endsWith('/diff'))?.query.get('from')).toBe(
      '1'
    );
    expect(model.diffBase).toBe(1);
    expect(model.diffBaseIsLastReviewed).toBe(true);
    expect(model.removedCells.map(c => c.cell_id)).toEqual(['gone']);
    const [intro, code] = model.cells;
    expect(intro.change?.status).toBe('modified');
    expect(code.change).toBeNull();
  });

  it('shows no diff to someone who never reviewed, nor for the revision already reviewed', async () => {
    for (const last of [null, 2]) {
      const seen: ISeen[] = [];
      const draft = detail({
        id: '4',
        revision: 2,
        last_reviewed_revision: last
      });
      const model = new ReviewModel(
        fakeClient(
          server(() => draft),
          seen
        ),
        '4'
      );

      await model.load();

      expect(model.diff).toBeNull();
      expect(seen.some(s => s.path.endsWith('/diff'))).toBe(false);
    }
  });

  it('compares with a revision the reviewer picks, and back', async () => {
    const draft = detail({ id: '4', revision: 3, last_reviewed_revision: 2 });
    const model = new ReviewModel(fakeClient(server(() => draft)), '4');
    await model.load();

    await model.setDiffBase(1);
    expect(model.diff?.from).toBe(1);
    expect(model.diffBaseIsLastReviewed).toBe(false);

    await model.setDiffBase(null);
    expect(model.diff?.from).toBe(2);
  });

  it('anchors comments to their cells and keeps the rest as general comments', async () => {
    const comment = (id: string, cell: string | null) => ({
      id,
      revision: 1,
      cell_id: cell,
      author: 'ada',
      body: `c${id}`,
      created_at: null
    });
    const draft = detail({
      id: '4',
      comments: [
        comment('1', 'code'),
        comment('2', null),
        comment('3', 'deleted-cell')
      ],
      checks: [
        {
          id: 'error_outputs',
          status: 'warning',
          message: 'errors',
          cells: ['code']
        },
        { id: 'image_alt', status: 'warning', message: 'alt', cells: ['#2'] },
        { id: 'metadata', status: 'ok', message: 'fine', cells: [] }
      ]
    });
    const model = new ReviewModel(fakeClient(server(() => draft)), '4');

    await model.load();

    const cells = model.cells;
    expect(cells.map(c => c.comments.map(x => x.id))).toEqual([[], ['1'], []]);
    expect(model.generalComments.map(c => c.id)).toEqual(['2', '3']);
    expect(cells[1].warnings.map(w => w.id)).toEqual(['error_outputs']);
    expect(cells[2].warnings.map(w => w.id)).toEqual(['image_alt']);
    expect(cells[0].source).toBe('# Title\nBody');
    expect(cells[1].outputs).toEqual(['1\n']);
  });

  it('offers only the verdicts and transitions the server allows, in a fixed order', async () => {
    const draft = detail({
      id: '4',
      allowed_actions: ['comment', 'reject', 'approve', 'withdraw', 'publish']
    });
    const model = new ReviewModel(fakeClient(server(() => draft)), '4');

    await model.load();

    expect(model.verdicts).toEqual(['approve', 'reject']);
    expect(model.transitions).toEqual(['withdraw', 'publish']);
    expect(model.can('vet')).toBe(false);
    expect(model.checklistItems.map(i => i.id)).toEqual(['jupyter_focus']);
    expect(model.derivedItems.map(i => i.id)).toEqual(['language_vetted']);
  });
});

describe('outputText', () => {
  it('shows streams, plain text and errors, and nothing for images', () => {
    expect(outputText({ output_type: 'stream', text: 'a' })).toBe('a');
    expect(
      outputText({
        output_type: 'execute_result',
        data: { 'text/plain': ['1', '2'] }
      })
    ).toBe('12');
    expect(
      outputText({ output_type: 'error', ename: 'NameError', evalue: 'x' })
    ).toBe('NameError: x');
    expect(
      outputText({ output_type: 'display_data', data: { 'image/png': '' } })
    ).toBeNull();
  });
});
