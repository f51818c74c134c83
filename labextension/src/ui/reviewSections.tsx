import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { eventLabel, formatTime, verdictLabel } from '../labels';
import { ReviewModel } from '../reviewModel';
import type { IDraftDetail } from '../types/drafts';
import { StateBadge } from './sidebar';

/**
 * The review view's side panels that only show the draft: its automated checks, where it
 * was published, its reviews and its history.
 */

/**
 * The automated checks, each with links to the cells it names.
 */
export function ChecksSection(props: {
  draft: IDraftDetail;
  trans: TranslationBundle;
  onShowCell: (cellId: string) => void;
}): JSX.Element {
  const { draft, trans } = props;
  return (
    <section className="jp-jms-Panel" data-section="checks">
      <h3>{trans.__('Automated checks')}</h3>
      <ul className="jp-jms-Checks">
        {draft.checks.map(c => (
          <li key={c.id} className={`jp-jms-Check jp-jms-Check-${c.status}`}>
            <span className="jp-jms-Check-icon" aria-hidden="true">
              {c.status === 'ok' ? '✓' : '!'}
            </span>
            <span>{c.message}</span>
            {c.cells.map(id => (
              <button
                key={id}
                className="jp-jms-LinkButton"
                onClick={() => props.onShowCell(id)}
              >
                {trans.__('show cell')}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Where the post went out, as recorded with "Record publication".
 */
export function PublishedSection(props: {
  draft: IDraftDetail;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { draft, trans } = props;
  if (draft.publications.length === 0) {
    return null;
  }
  return (
    <section className="jp-jms-Panel" data-section="published">
      <h3>{trans.__('Published at')}</h3>
      <ul className="jp-jms-Publications">
        {draft.publications.map(p => (
          <li key={`${p.channel} ${p.url}`}>
            <strong>{p.channel}</strong>{' '}
            <a href={p.url} target="_blank" rel="noopener noreferrer">
              {p.url}
            </a>{' '}
            <span className="jp-jms-Muted">{formatTime(p.published_at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ReviewsSection(props: {
  draft: IDraftDetail;
  model: ReviewModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { draft, model, trans } = props;
  if (draft.reviews.length === 0 && draft.vettings.length === 0) {
    return null;
  }
  return (
    <section className="jp-jms-Panel" data-section="reviews">
      <h3>{trans.__('Reviews')}</h3>
      <ul className="jp-jms-Reviews">
        {draft.reviews.map(r => (
          <li key={`r${r.id}`} className={r.voided ? 'jp-jms-Voided' : ''}>
            <strong>{r.reviewer}</strong>{' '}
            {trans.__(
              '%1 revision %2',
              verdictLabel(trans, r.verdict),
              r.revision
            )}{' '}
            <span className="jp-jms-Muted">{formatTime(r.created_at)}</span>
            {r.voided && (
              <span className="jp-jms-Flag">
                {trans.__('earlier revision')}
              </span>
            )}
            {model.failedItems(r).length > 0 && (
              <div className="jp-jms-FailedItems" data-failed-items="">
                {trans.__(
                  'Failed: %1',
                  model.failedItems(r).join(trans.__(', '))
                )}
              </div>
            )}
            {r.comment && (
              <div className="jp-jms-Comment-body">{r.comment}</div>
            )}
          </li>
        ))}
        {draft.vettings.map(v => (
          <li key={`v${v.id}`} className={v.voided ? 'jp-jms-Voided' : ''}>
            <strong>{v.vetter}</strong>{' '}
            {trans.__(
              'vetting: %1 (%2), revision %3',
              verdictLabel(trans, v.verdict),
              v.language,
              v.revision
            )}
            {v.comment && (
              <div className="jp-jms-Comment-body">{v.comment}</div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function HistorySection(props: {
  draft: IDraftDetail;
  trans: TranslationBundle;
}): JSX.Element {
  const { draft, trans } = props;
  return (
    <section className="jp-jms-Panel" data-section="history">
      <h3>{trans.__('History')}</h3>
      <ol className="jp-jms-History">
        {draft.history.map(e => (
          <li key={e.id}>
            <span className="jp-jms-Muted">{formatTime(e.at)}</span>{' '}
            <strong>{e.actor}</strong> {eventLabel(trans, e.action)}
            {e.action === 'draft.state_changed' &&
              typeof e.data?.to === 'string' && (
                <>
                  {' '}
                  <StateBadge state={e.data.to} trans={trans} />
                </>
              )}
          </li>
        ))}
      </ol>
    </section>
  );
}
