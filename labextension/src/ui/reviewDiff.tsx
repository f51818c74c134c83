import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ReviewModel } from '../reviewModel';
import type { IDiff, IDiffCell, IDiffKey, IDiffLine } from '../types/revisions';

/**
 * The "Changes" section of the review view: the compare selector and what changed since
 * the revision chosen, as the server computed it (nbdime). Nothing is compared here.
 */
export function ChangesSection(props: {
  model: ReviewModel;
  trans: TranslationBundle;
  onShowCell: (cellId: string) => void;
}): JSX.Element | null {
  const { model, trans } = props;
  const draft = model.draft;
  if (!draft || draft.revision < 2) {
    return null;
  }
  const earlier = draft.revisions.filter(r => r.n < draft.revision);
  const base = model.diffBase;
  return (
    <section className="jp-jms-Section" data-section="changes">
      <h3>{trans.__('Changes')}</h3>
      <label className="jp-jms-Field-inline">
        {trans.__('Compare with')}{' '}
        <select
          value={
            base === null || model.diffBaseIsLastReviewed ? '' : String(base)
          }
          onChange={e =>
            void model.setDiffBase(
              e.target.value ? Number(e.target.value) : null
            )
          }
        >
          <option value="">
            {draft.last_reviewed_revision !== null
              ? trans.__('the revision I last reviewed')
              : trans.__('nothing (show the revision only)')}
          </option>
          {earlier.map(r => (
            <option key={r.n} value={r.n}>
              {trans.__('revision %1', r.n)}
            </option>
          ))}
        </select>
      </label>
      {base === null ? (
        <p className="jp-jms-Muted">
          {draft.last_reviewed_revision === null
            ? trans.__(
                'You have not reviewed an earlier revision of this draft.'
              )
            : trans.__('You reviewed the current revision already.')}
        </p>
      ) : (
        <>
          <p>
            {model.diffBaseIsLastReviewed
              ? trans.__('Since revision %1, which you last reviewed:', base)
              : trans.__('Since revision %1:', base)}
          </p>
          {model.diff && (
            <DiffSummary
              diff={model.diff}
              trans={trans}
              onShowCell={props.onShowCell}
            />
          )}
        </>
      )}
    </section>
  );
}

/**
 * What changed since the diff base: each changed cell's lines, outputs and metadata keys,
 * and the notebook's metadata keys.
 */
export function DiffSummary(props: {
  diff: IDiff;
  trans: TranslationBundle;
  onShowCell: (cellId: string) => void;
}): JSX.Element {
  const { diff, trans } = props;
  const changed = diff.cells.filter(c => c.status !== 'unchanged');
  const metadata = diff.metadata ?? [];
  return (
    <div className="jp-jms-Diff">
      {metadata.length > 0 ? (
        <div className="jp-jms-DiffMetadata" data-diff-metadata="">
          {trans.__('Notebook metadata changed:')}
          <ul className="jp-jms-DiffNotes">
            {metadata.map(k => (
              <li key={k.key}>{keyLabel(trans, k)}</li>
            ))}
          </ul>
        </div>
      ) : (
        diff.metadata_changed && (
          <p className="jp-jms-Flag">
            {trans.__('The post metadata changed.')}
          </p>
        )
      )}
      {diff.matched_by === 'id' && (
        <p className="jp-jms-Muted">
          {trans.__(
            'Many cells were replaced: cells are matched by their ids only.'
          )}
        </p>
      )}
      {changed.length === 0 && (
        <p className="jp-jms-Muted">{trans.__('No cell changed.')}</p>
      )}
      <ul className="jp-jms-DiffList">
        {changed.map(c => (
          <li
            key={`${c.status}-${c.cell_id}`}
            data-diff-cell={c.cell_id}
            data-diff-status={c.status}
          >
            <span className={`jp-jms-Change jp-jms-Change-${c.status}`}>
              {changeLabel(trans, c.status)}
            </span>{' '}
            {c.status === 'removed' ? (
              // Its position is in the earlier revision, not in the one shown below.
              <span>
                {trans.__(
                  'cell %1 of revision %2 (%3)',
                  (c.old_index ?? 0) + 1,
                  diff.from,
                  c.cell_type
                )}
              </span>
            ) : (
              <button
                className="jp-jms-LinkButton"
                onClick={() => props.onShowCell(c.cell_id)}
              >
                {trans.__('cell %1 (%2)', (c.new_index ?? 0) + 1, c.cell_type)}
              </button>
            )}
            {c.status === 'moved' && c.old_index !== null && (
              <span className="jp-jms-Muted"> {movedLabel(trans, c)}</span>
            )}
            <Lines lines={cellLines(c)} trans={trans} />
            <CellNotes cell={c} trans={trans} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * "moved from position i" (1-based), for a moved cell.
 */
export function movedLabel(trans: TranslationBundle, cell: IDiffCell): string {
  return trans.__('moved from position %1', (cell.old_index ?? 0) + 1);
}

/**
 * The lines to show for a cell: its changed lines, or all of a new or removed cell.
 */
function cellLines(cell: IDiffCell): IDiffLine[] {
  if (cell.source) {
    return cell.source;
  }
  const whole = (text: string | null, kind: 'add' | 'del'): IDiffLine[] =>
    splitLines(text ?? '').map(t => ({ kind, text: t }));
  if (cell.status === 'added') {
    return whole(cell.new_source, 'add');
  }
  if (cell.status === 'removed') {
    return whole(cell.old_source, 'del');
  }
  return [];
}

function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split('\n');
  // A trailing newline ends the last line; it does not start another.
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/**
 * A displayed line: one of the server's, or a fold of unchanged ones.
 */
export type FoldedLine = IDiffLine | { kind: 'skipped'; count: number };

/**
 * Fold runs of unchanged lines longer than twice `context`, keeping `context` lines on
 * each side of every change (display only: the lines come from the server).
 */
export function foldUnchanged(lines: IDiffLine[], context = 2): FoldedLine[] {
  const out: FoldedLine[] = [];
  let run: IDiffLine[] = [];
  const flush = (atStart: boolean, atEnd: boolean) => {
    const keepHead = atStart ? 0 : context;
    const keepTail = atEnd ? 0 : context;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead));
      out.push({ kind: 'skipped', count: run.length - keepHead - keepTail });
      out.push(...run.slice(run.length - keepTail));
    } else {
      out.push(...run);
    }
    run = [];
  };
  let seenChange = false;
  for (const line of lines) {
    if (line.kind === 'same') {
      run.push(line);
    } else {
      flush(!seenChange, false);
      seenChange = true;
      out.push(line);
    }
  }
  flush(!seenChange, true);
  return out;
}

function Lines(props: {
  lines: IDiffLine[];
  trans: TranslationBundle;
}): JSX.Element | null {
  const { trans } = props;
  if (props.lines.length === 0) {
    return null;
  }
  const mark = { add: '+', del: '-', same: ' ' };
  return (
    <pre className="jp-jms-Patch">
      {foldUnchanged(props.lines).map((line, i) => (
        <span key={i} className={`jp-jms-Patch-${line.kind}`}>
          {line.kind === 'skipped'
            ? trans._n(
                '… %1 unchanged line',
                '… %1 unchanged lines',
                line.count
              )
            : `${mark[line.kind]}${line.text}`}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

/**
 * A cell's output, metadata and other changes, as a list.
 */
function CellNotes(props: {
  cell: IDiffCell;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { cell, trans } = props;
  const notes: { key: string; text: string }[] = [];
  for (const [i, o] of (cell.outputs ?? []).entries()) {
    notes.push({
      key: `o${i}`,
      text:
        o.index === null
          ? trans.__('Outputs: %1', o.summary)
          : trans.__('Output %1: %2', o.index + 1, o.summary)
    });
  }
  if ((cell.metadata ?? []).length > 0) {
    notes.push({
      key: 'm',
      text: trans.__('Cell metadata: %1', keyList(trans, cell.metadata))
    });
  }
  if ((cell.other ?? []).length > 0) {
    notes.push({
      key: 'x',
      text: trans.__(
        'Also changed: %1',
        cell.other.map(k => k.replace(/_/g, ' ')).join(trans.__(', '))
      )
    });
  }
  if (notes.length === 0) {
    return null;
  }
  return (
    <ul className="jp-jms-DiffNotes">
      {notes.map(n => (
        <li key={n.key}>{n.text}</li>
      ))}
    </ul>
  );
}

function keyList(trans: TranslationBundle, keys: IDiffKey[]): string {
  return keys.map(k => keyLabel(trans, k)).join(trans.__(', '));
}

/**
 * "key (added)", "key (removed)" or "key (changed)".
 */
function keyLabel(trans: TranslationBundle, key: IDiffKey): string {
  const change = {
    added: trans.__('added'),
    removed: trans.__('removed'),
    changed: trans.__('changed')
  };
  return trans.__('%1 (%2)', key.key, change[key.change] ?? key.change);
}

/**
 * The badge of a changed cell.
 */
export function changeLabel(trans: TranslationBundle, status: string): string {
  switch (status) {
    case 'added':
      return trans.__('new');
    case 'modified':
      return trans.__('changed');
    case 'moved':
      return trans.__('moved');
    case 'removed':
      return trans.__('removed');
    default:
      return status;
  }
}
