import { Contents } from '@jupyterlab/services';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { ReviewModel } from '../reviewModel';
import type { IDiff, IDiffCell } from '../types/revisions';
import { ReviewView } from '../ui/review';
import { DiffSummary, foldUnchanged } from '../ui/reviewDiff';
import { detail } from './fixtures';
import { fakeClient } from './fakeServer';
import { Mounted, trans } from './render';

/**
 * A diff cell as the server sends it (see DiffCell in openapi.yaml).
 */
function cell(overrides: Partial<IDiffCell>): IDiffCell {
  return {
    cell_id: 'c',
    old_cell_id: 'c',
    status: 'modified',
    cell_type: 'code',
    old_index: 0,
    new_index: 0,
    old_source: '',
    new_source: '',
    source: null,
    outputs: [],
    metadata: [],
    other: [],
    ...overrides
  };
}

function diff(cells: IDiffCell[], overrides: Partial<IDiff> = {}): IDiff {
  return {
    draft: '4',
    from: 1,
    to: 2,
    metadata_changed: false,
    matched_by: 'content',
    metadata: [],
    cells,
    ...overrides
  };
}

describe('DiffSummary shows the server diff', () => {
  let mounted: Mounted | null = null;
  const shown = (d: IDiff, onShowCell = (_: string) => undefined) => {
    mounted = new Mounted(
      <DiffSummary diff={d} trans={trans} onShowCell={onShowCell} />
    );
    return mounted.node;
  };
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  it('shows a modified cell as its kept, removed and added lines', () => {
    const shownCells: string[] = [];
    const node = shown(
      diff([
        cell({
          cell_id: 'intro',
          new_index: 1,
          source: [
            { kind: 'same', text: '# Title' },
            { kind: 'del', text: 'Old words.' },
            { kind: 'add', text: 'New words.' }
          ]
        }),
        cell({ cell_id: 'same', status: 'unchanged' })
      ]),
      id => void shownCells.push(id)
    );
    const items = node.querySelectorAll('[data-diff-cell]');
    expect(items).toHaveLength(1);
    expect(items[0].getAttribute('data-diff-status')).toBe('modified');
    expect(
      Array.from(items[0].querySelectorAll('.jp-jms-Patch span')).map(
        s => `${s.className}|${s.textContent}`
      )
    ).toEqual([
      'jp-jms-Patch-same| # Title\n',
      'jp-jms-Patch-del|-Old words.\n',
      'jp-jms-Patch-add|+New words.\n'
    ]);
    React.act(() => items[0].querySelector('button')!.click());
    expect(shownCells).toEqual(['intro']);
    expect(items[0].textContent).toContain('cell 2 (code)');
  });

  it('shows an added cell whole and a removed one where it was', () => {
    const node = shown(
      diff([
        cell({
          cell_id: 'new',
          status: 'added',
          old_index: null,
          new_index: 0,
          old_source: null,
          new_source: 'a = 1\nb = 2\n'
        }),
        cell({
          cell_id: 'gone',
          status: 'removed',
          old_index: 3,
          new_index: null,
          old_source: 'x = 0',
          new_source: null
        })
      ])
    );
    const added = node.querySelector('[data-diff-cell="new"]')!;
    expect(added.querySelector('.jp-jms-Change')?.textContent).toBe('new');
    expect(added.querySelector('.jp-jms-Patch')?.textContent).toBe(
      '+a = 1\n+b = 2\n'
    );
    const removed = node.querySelector('[data-diff-cell="gone"]')!;
    // Its position is in the revision compared with, not in the one shown.
    expect(removed.textContent).toContain('cell 4 of revision 1 (code)');
    // A removed cell is not in the revision: no link to show it.
    expect(removed.querySelector('button')).toBeNull();
    expect(removed.querySelector('.jp-jms-Patch')?.textContent).toBe(
      '-x = 0\n'
    );
  });

  it('marks a moved cell with its old position, and its changes if any', () => {
    const node = shown(
      diff([
        cell({ cell_id: 'outro', status: 'moved', old_index: 2, new_index: 0 }),
        cell({
          cell_id: 'both',
          status: 'moved',
          old_index: 0,
          new_index: 2,
          source: [{ kind: 'add', text: 'and more' }]
        })
      ])
    );
    const moved = node.querySelector('[data-diff-cell="outro"]')!;
    expect(moved.textContent).toContain('moved from position 3');
    expect(moved.querySelector('.jp-jms-Patch')).toBeNull();
    const both = node.querySelector('[data-diff-cell="both"]')!;
    expect(both.textContent).toContain('moved from position 1');
    expect(both.querySelector('.jp-jms-Patch')?.textContent).toBe(
      '+and more\n'
    );
  });

  it('lists output-only changes without lines', () => {
    const node = shown(
      diff([
        cell({
          outputs: [
            { change: 'changed', index: 0, summary: 'image/png changed' },
            { change: 'added', index: 1, summary: 'stdout added' }
          ]
        })
      ])
    );
    expect(node.querySelector('.jp-jms-Patch')).toBeNull();
    expect(
      Array.from(node.querySelectorAll('.jp-jms-DiffNotes li')).map(
        li => li.textContent
      )
    ).toEqual(['Output 1: image/png changed', 'Output 2: stdout added']);
  });

  it('lists metadata-only changes of a cell and of the notebook', () => {
    const node = shown(
      diff(
        [
          cell({
            metadata: [{ key: 'tags', change: 'added' }],
            other: ['execution_count']
          })
        ],
        {
          metadata_changed: true,
          metadata: [
            { key: 'jms.title', change: 'changed' },
            { key: 'jms.summary', change: 'added' }
          ]
        }
      )
    );
    expect(
      Array.from(
        node.querySelectorAll('[data-diff-cell] .jp-jms-DiffNotes li')
      ).map(li => li.textContent)
    ).toEqual(['Cell metadata: tags (added)', 'Also changed: execution count']);
    const notebook = node.querySelector('[data-diff-metadata]')!;
    expect(notebook.firstChild?.textContent).toBe('Notebook metadata changed:');
    // One key a line: a kernel's language_info alone is half a dozen keys.
    expect(
      Array.from(notebook.querySelectorAll('li')).map(li => li.textContent)
    ).toEqual(['jms.title (changed)', 'jms.summary (added)']);
  });

  it('says when nothing changed, and when cells were matched by id only', () => {
    const node = shown(
      diff([cell({ status: 'unchanged' })], { matched_by: 'id' })
    );
    expect(node.textContent).toContain('No cell changed.');
    expect(node.textContent).toContain('matched by their ids only');
  });

  it('folds long unchanged stretches, keeping two lines around a change', () => {
    const lines = Array.from({ length: 12 }, (_, i) => ({
      kind: 'same' as const,
      text: `l${i}`
    }));
    lines[6] = { kind: 'add' as const, text: 'new' } as never;
    const folded = foldUnchanged(lines);
    expect(folded.map(l => l.kind)).toEqual([
      'skipped',
      'same',
      'same',
      'add',
      'same',
      'same',
      'skipped'
    ]);
    expect(folded[0]).toEqual({ kind: 'skipped', count: 4 });
    expect(folded[6]).toEqual({ kind: 'skipped', count: 3 });
    const node = shown(diff([cell({ source: lines })]));
    expect(node.querySelector('.jp-jms-Patch')?.textContent).toContain(
      '… 4 unchanged lines'
    );
  });
});

describe('the notebook path of a draft', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  async function mount(exists: boolean) {
    const route = (s: { path: string }) =>
      s.path === 'drafts/4'
        ? ([200, detail({ id: '4', path: 'history/post-030.ipynb' })] as const)
        : s.path.startsWith('drafts/4/revisions/')
          ? ([200, { cells: [] }] as const)
          : s.path === 'checks/checklist'
            ? ([200, { values: ['pass'], items: [] }] as const)
            : undefined;
    const model = new ReviewModel(fakeClient(route as never), '4');
    await model.load();
    const opened: unknown[] = [];
    const commands = new CommandRegistry();
    commands.addCommand('docmanager:open', {
      describedBy: { args: { type: 'object', properties: {} } },
      execute: args => void opened.push(args.path)
    });
    const contents = {
      get: (path: string) =>
        exists
          ? Promise.resolve({ path })
          : Promise.reject(
              Object.assign(new Error('Invalid response: 404 Not Found'), {
                response: { status: 404 }
              })
            )
    } as unknown as Contents.IManager;
    mounted = new Mounted(
      <ReviewView
        model={model}
        trans={trans}
        rendermime={null}
        commands={commands}
        contents={contents}
        service={null}
        onShowCell={() => undefined}
      />
    );
    return { node: mounted.node, opened };
  }

  it('says so when the notebook is not in the file tree, and opens nothing', async () => {
    const { node, opened } = await mount(false);
    await mounted!.click(
      node.querySelector('[data-open-notebook]')!,
      () => node.querySelector('[data-notebook-missing]') !== null
    );
    expect(node.querySelector('[data-notebook-missing]')?.textContent).toBe(
      'This notebook is not in your file tree.'
    );
    expect(opened).toEqual([]);
  });

  it('opens a notebook that is there', async () => {
    const { node, opened } = await mount(true);
    await mounted!.click(
      node.querySelector('[data-open-notebook]')!,
      () => opened.length > 0
    );
    expect(opened).toEqual(['history/post-030.ipynb']);
    expect(node.querySelector('[data-notebook-missing]')).toBeNull();
  });
});
