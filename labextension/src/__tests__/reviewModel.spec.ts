import { outputText, ReviewModel } from '../reviewModel';
import type { IDraftDetail } from '../types/drafts';
import type { IDiff, ISnapshot } from '../types/revisions';
import { detail } from './fixtures';
import {
  failureSentence,
  fakeClient,
  ISeen,
  Route,
  SERVICE_FAILURES
} from './fakeServer';

const SNAPSHOT: ISnapshot = {
  cells: [
    { id: 'intro', cell_type: 'markdown', source: ['# Title\n', 'Body'] },
    {
      id: 'code',
      cell_type: 'code',
      source: 'print(1)',
      outputs: [
        { output_type: 'stream', text: ['1\n'] },
        { output_type: 'display_data', data: { 'image/png': 'AAA' } }
      ]
    },
    { id: 'outro', cell_type: 'markdown', source: 'Thanks' }
  ]
};

const DIFF: IDiff = {
  draft: '4',
  from: 1,
  to: 2,
  metadata_changed: false,
  matched_by: 'content',
  metadata: [],
  cells: [
    {
      cell_id: 'intro',
      status: 'modified',
      cell_type: 'markdown',
      old_index: 0,
      new_index: 0,
      old_source: '# Old',
      new_source: '# Title\nBody',
      source: [
        { kind: 'del', text: '# Old' },
        { kind: 'add', text: '# Title' },
        { kind: 'add', text: 'Body' }
      ],
      old_cell_id: 'intro',
      outputs: [],
      metadata: [],
      other: []
    },
    {
      cell_id: 'code',
      status: 'unchanged',
      cell_type: 'code',
      old_index: 1,
      new_index: 1,
      old_source: 'print(1)',
      new_source: 'print(1)',
      source: null,
      old_cell_id: null,
      outputs: [],
      metadata: [],
      other: []
    },
    {
      cell_id: 'gone',
      status: 'removed',
      cell_type: 'code',
      old_index: 2,
      new_index: null,
      old_source: 'x',
      new_source: null,
      source: null,
      old_cell_id: null,
      outputs: [],
      metadata: [],
      other: []
    }
  ]
};

function server(draft: () => IDraftDetail, extra?: Route): Route {
  return seen => {
    const answer = extra?.(seen);
    if (answer) {
      return answer;
    }
    if (seen.method === 'GET' && seen.path === 'drafts/4') {
      return [200, draft()];
    }
    if (
      seen.path.startsWith('drafts/4/revisions/') &&
      !seen.path.endsWith('/diff')
    ) {
      return [200, SNAPSHOT];
    }
    if (seen.path.endsWith('/diff')) {
      return [200, { ...DIFF, from: Number(seen.query.get('from')) }];
    }
    if (seen.path === 'checks/checklist') {
      return [
        200,
        {
          values: ['pass', 'fail', 'n/a'],
          items: [
            {
              id: 'jupyter_focus',
              label: 'Focus',
              applies: true,
              derived: false
            },
            {
              id: 'third_party_benefit',
              label: 'Benefit',
              applies: false,
              derived: false
            },
            {
              id: 'language_vetted',
              label: 'Vetted',
              applies: true,
              derived: true
            }
          ]
        }
      ];
    }
    return undefined;
  };
}

describe('ReviewModel', () => {
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

  it('does not fetch the checklist for someone who cannot review', async () => {
    const seen: ISeen[] = [];
    const draft = detail({ id: '4', allowed_actions: ['comment', 'resubmit'] });
    const model = new ReviewModel(
      fakeClient(
        server(() => draft),
        seen
      ),
      '4'
    );

    await model.load();

    expect(model.verdicts).toEqual([]);
    expect(seen.some(s => s.path === 'checks/checklist')).toBe(false);
  });

  it('reviews the current revision, says so, and reloads', async () => {
    const seen: ISeen[] = [];
    let state: IDraftDetail['state'] = 'submitted';
    const route = server(
      () =>
        detail({ id: '4', revision: 2, state, allowed_actions: ['approve'] }),
      s => {
        if (s.method === 'POST' && s.path === 'drafts/4/reviews') {
          state = 'approved';
          return [201, { id: '1', state, version: 2 }];
        }
        return undefined;
      }
    );
    const model = new ReviewModel(fakeClient(route, seen), '4');
    await model.load();
    let acted = 0;
    model.acted.connect(() => acted++);

    await model.review('approve', { jupyter_focus: 'pass' }, 'Great');

    expect(seen.find(s => s.method === 'POST')?.body).toEqual({
      revision: 2,
      verdict: 'approve',
      checklist: { jupyter_focus: 'pass' },
      comment: 'Great'
    });
    expect(acted).toBe(1);
    expect(model.draft?.state).toBe('approved');
  });

  it('comments on a cell or on the whole post', async () => {
    const seen: ISeen[] = [];
    const route = server(
      () => detail({ id: '4' }),
      s => (s.method === 'POST' ? [201, {}] : undefined)
    );
    const model = new ReviewModel(fakeClient(route, seen), '4');
    await model.load();

    await model.comment('On the code', 'code');
    await model.comment('Overall fine', null);

    const posts = seen.filter(s => s.method === 'POST').map(s => s.body);
    expect(posts).toEqual([
      { revision: 1, body: 'On the code', cell_id: 'code' },
      { revision: 1, body: 'Overall fine' }
    ]);
  });

  it('asks for a transition at the version it shows', async () => {
    const seen: ISeen[] = [];
    const route = server(
      () => detail({ id: '4', version: 7, allowed_actions: ['withdraw'] }),
      s =>
        s.method === 'POST'
          ? [200, { id: '4', state: 'withdrawn', version: 8 }]
          : undefined
    );
    const model = new ReviewModel(fakeClient(route, seen), '4');
    await model.load();

    await model.transition('withdraw');

    expect(seen.find(s => s.method === 'POST')).toMatchObject({
      path: 'drafts/4/transitions',
      body: { to: 'withdrawn', if_version: 7 }
    });
  });

  it('keeps the last data and says why when a reload fails', async () => {
    let up = true;
    const model = new ReviewModel(
      fakeClient(s =>
        up ? server(() => detail({ id: '4' }))(s) : [503, { message: 'down' }]
      ),
      '4'
    );
    await model.load();

    up = false;
    await expect(model.load()).rejects.toThrow('down');

    expect(model.error).toBe('down');
    expect(model.draft?.id).toBe('4');
  });
});

describe('ReviewModel against a failing service', () => {
  it.each([401, 502, 503, 504])(
    'a %i on an action rejects with the service sentence and changes nothing shown',
    async status => {
      const seen: ISeen[] = [];
      const route = server(
        () => detail({ id: '4', revision: 2, allowed_actions: ['approve'] }),
        s =>
          s.method === 'POST' && s.path === 'drafts/4/reviews'
            ? SERVICE_FAILURES[status]
            : undefined
      );
      const model = new ReviewModel(fakeClient(route, seen), '4');
      await model.load();
      let acted = 0;
      model.acted.connect(() => acted++);
      const gets = seen.length;

      await expect(
        model.review('approve', { jupyter_focus: 'pass' }, 'Great')
      ).rejects.toThrow(failureSentence(status));

      expect(acted).toBe(0);
      // No reload: the view stays as it was, the action's panel shows the sentence.
      expect(seen.slice(gets).map(s => s.method)).toEqual(['POST']);
      expect(model.error).toBeNull();
      expect(model.stale).toBe(false);
    }
  );

  it('an action the service took stays taken when the reload after it fails', async () => {
    let down = false;
    const route = server(
      () => detail({ id: '4', revision: 2, allowed_actions: ['comment'] }),
      s => {
        if (s.method === 'POST') {
          down = true;
          return [201, {}];
        }
        return down ? SERVICE_FAILURES[504] : undefined;
      }
    );
    const model = new ReviewModel(fakeClient(route), '4');
    await model.load();
    const loadedAt = model.loadedAt;

    // Resolves: the comment was stored; a retry would post it twice.
    await model.comment('On the code', 'code');

    expect(model.error).toBe(failureSentence(504));
    expect(model.errorStatus).toBe(504);
    expect(model.stale).toBe(true);
    expect(model.loadedAt).toBe(loadedAt);
    expect(model.draft?.id).toBe('4');

    down = false;
    await model.load();
    expect(model.stale).toBe(false);
    expect(model.errorStatus).toBeNull();
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
