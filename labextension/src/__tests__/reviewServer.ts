/**
 * A fake jupyter-jms answering for draft 4 of the review model specs: its revision (three
 * cells), a diff from revision 1 and the checklist, plus whatever `extra` answers first.
 */

import type { IDraftDetail } from '../types/drafts';
import type { IDiff, ISnapshot } from '../types/revisions';
import { Route } from './fakeServer';

export const SNAPSHOT: ISnapshot = {
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

export const DIFF: IDiff = {
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

export function server(draft: () => IDraftDetail, extra?: Route): Route {
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
