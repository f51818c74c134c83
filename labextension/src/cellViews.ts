/**
 * The cells of a submitted revision as the review view lays them out: each with its
 * readable outputs, its comments, how it changed since the diff base and the pre-checks
 * that name it. Pure functions of what the review model loaded.
 */

import type { IDraftDetail } from './types/drafts';
import type { ICheck, IComment } from './types/review';
import type {
  IDiff,
  IDiffCell,
  ISnapshot,
  ISnapshotCell,
  ISnapshotOutput
} from './types/revisions';

/**
 * One cell of the submitted revision, with what the review view shows around it.
 */
export interface ICellView {
  /**
   * The cell id comments anchor to (null for notebooks too old to carry ids).
   */
  id: string | null;
  index: number;
  cellType: string;
  source: string;
  /**
   * Text of the outputs worth showing to a reviewer (streams, plain text, errors).
   */
  outputs: string[];
  comments: IComment[];
  /**
   * How the cell changed since the diff base, or null when unchanged or no diff is shown.
   */
  change: IDiffCell | null;
  /**
   * Pre-checks that name this cell.
   */
  warnings: ICheck[];
}

function joinSource(source: string | string[] | undefined): string {
  if (Array.isArray(source)) {
    return source.join('');
  }
  return typeof source === 'string' ? source : '';
}

/**
 * The text of an output a reviewer can read without running anything.
 */
export function outputText(output: ISnapshotOutput): string | null {
  switch (output.output_type) {
    case 'stream':
      return joinSource(output.text);
    case 'error':
      return `${output.ename ?? ''}: ${output.evalue ?? ''}`;
    case 'execute_result':
    case 'display_data': {
      const plain = output.data?.['text/plain'];
      if (typeof plain === 'string' || Array.isArray(plain)) {
        return joinSource(plain as string | string[]);
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * The cells of `snapshot` with their comments, changes (from `diff`) and warnings.
 */
export function cellViews(
  draft: IDraftDetail,
  snapshot: ISnapshot,
  diff: IDiff | null
): ICellView[] {
  const changes = new Map<string, IDiffCell>();
  for (const c of diff?.cells ?? []) {
    if (c.status !== 'unchanged' && c.status !== 'removed') {
      changes.set(c.cell_id, c);
    }
  }
  return snapshot.cells.map((cell: ISnapshotCell, index: number) => {
    const id = typeof cell.id === 'string' ? cell.id : null;
    return {
      id,
      index,
      cellType: cell.cell_type,
      source: joinSource(cell.source),
      outputs: (cell.outputs ?? [])
        .map(outputText)
        .filter((t): t is string => t !== null && t.length > 0),
      comments: id === null ? [] : draft.comments.filter(c => c.cell_id === id),
      change: id === null ? null : (changes.get(id) ?? null),
      warnings: draft.checks.filter(
        c =>
          c.status !== 'ok' &&
          (c.cells.includes(id ?? '') || c.cells.includes(`#${index}`))
      )
    };
  });
}

/**
 * Comments on no cell, or on a cell `snapshot` no longer has.
 */
export function generalComments(
  draft: IDraftDetail,
  snapshot: ISnapshot | null
): IComment[] {
  const ids = new Set((snapshot?.cells ?? []).map(c => c.id).filter(Boolean));
  return draft.comments.filter(c => c.cell_id === null || !ids.has(c.cell_id));
}
