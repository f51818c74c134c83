import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { IMediaContext } from '../context';
import { eventLabel, formatTime, verdictLabel } from '../labels';
import { ReviewModel } from '../reviewModel';
import { IServiceInfo, serviceOf } from '../service';
import type { IDraftDetail } from '../types';
import { PublicationSection } from './publication';
import { TransitionButtons, VerdictPanel, VetPanel } from './reviewActions';
import {
  CellView,
  CommentBox,
  CommentThread,
  DiffSummary
} from './reviewCells';
import { RefreshingWidget } from './refreshing';
import { FailureNote, ServiceLine } from './service';
import { StateBadge } from './sidebar';

/**
 * The review view of one draft: the submitted revision read-only with comments on its
 * cells, the diff since this reviewer's last review, the pre-checks, and the actions the
 * server allows the caller.
 */
export class ReviewWidget extends RefreshingWidget {
  constructor(options: {
    model: ReviewModel;
    context: IMediaContext;
    /**
     * The renderers for markdown cells, given the notebook's path (to resolve images).
     */
    rendermimeFor: (path: string) => IRenderMimeRegistry;
    commands: CommandRegistry;
  }) {
    super(options.context);
    this.model = options.model;
    this._rendermimeFor = options.rendermimeFor;
    this._commands = options.commands;
    this.addClass('jp-jms-Review');
    this.model.changed.connect(this._onModelChanged, this);
    this.model.acted.connect(this._onActed, this);
    // `me` is asked once per page; it names the service of a connected Lab.
    void this.mediaContext
      .me()
      .then(me => {
        this._service = serviceOf(me);
        if (!this.isDisposed) {
          this.update();
        }
      })
      .catch(() => undefined);
  }

  readonly model: ReviewModel;

  protected load(): Promise<void> {
    return this.model.load();
  }

  /**
   * Changes this view made itself, and changes of other drafts, need no reload.
   */
  protected override concerns(id: string | null): boolean {
    return !this._notifying && (id === null || id === this.model.draftId);
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <ReviewView
            model={this.model}
            trans={this.mediaContext.trans}
            rendermime={this._rendermime()}
            commands={this._commands}
            service={this._service}
            onShowCell={id => this.showCell(id)}
          />
        )}
      </UseSignal>
    );
  }

  /**
   * Scroll a cell of the revision into view.
   */
  showCell(cellId: string): void {
    const cell = Array.from(
      this.node.querySelectorAll<HTMLElement>('[data-cell-id]')
    ).find(el => el.dataset.cellId === cellId);
    cell?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  private _rendermime(): IRenderMimeRegistry | null {
    const path = this.model.draft?.path;
    if (!path) {
      return null;
    }
    if (this._rendermimePath !== path || !this._rendermimeCache) {
      this._rendermimeCache = this._rendermimeFor(path);
      this._rendermimePath = path;
    }
    return this._rendermimeCache;
  }

  private _onModelChanged(): void {
    const draft = this.model.draft;
    if (draft) {
      // A Lumino title is text: the draft's title cannot inject markup here.
      this.title.label = this.mediaContext.trans.__('Review: %1', draft.title);
      this.title.caption = `${draft.title} (${draft.path})`;
    }
  }

  private _onActed(): void {
    // The model reloads itself; the other panels (sidebar, status bar) learn here.
    this._notifying = true;
    try {
      this.mediaContext.notifyDraftChanged(this.model.draftId);
    } finally {
      this._notifying = false;
    }
  }

  private _rendermimeFor: (path: string) => IRenderMimeRegistry;
  private _rendermimeCache: IRenderMimeRegistry | null = null;
  private _rendermimePath = '';
  private _commands: CommandRegistry;
  private _notifying = false;
  private _service: IServiceInfo | null = null;
}

export interface IReviewViewProps {
  model: ReviewModel;
  trans: TranslationBundle;
  rendermime: IRenderMimeRegistry | null;
  commands: CommandRegistry;
  /**
   * The JMS service of a connected Lab, or null on a personal server.
   */
  service: IServiceInfo | null;
  onShowCell: (cellId: string) => void;
}

/**
 * What the review view shows for the state of its model.
 */
export function ReviewView(props: IReviewViewProps): JSX.Element {
  const { model, trans, rendermime } = props;
  const draft = model.draft;
  if (!draft) {
    return (
      <div className="jp-jms-Review-content">
        <ServiceLine service={props.service} trans={trans} />
        {model.error ? (
          <FailureNote
            message={trans.__('Could not load the draft: %1', model.error)}
            status={model.errorStatus}
            loadedAt={null}
            trans={trans}
          />
        ) : (
          <p className="jp-jms-Muted">{trans.__('Loading…')}</p>
        )}
      </div>
    );
  }
  const canComment = model.can('comment');
  return (
    <div
      className={`jp-jms-Review-content${model.stale ? ' jp-jms-Stale' : ''}`}
      data-stale={model.stale ? 'true' : 'false'}
    >
      <ServiceLine service={props.service} trans={trans} />
      <ReviewHeader draft={draft} trans={trans} commands={props.commands} />
      {model.error && (
        <FailureNote
          message={trans.__('Could not refresh: %1', model.error)}
          status={model.errorStatus}
          loadedAt={model.loadedAt}
          trans={trans}
        />
      )}
      <div className="jp-jms-Review-columns">
        <main className="jp-jms-Review-main">
          <ChangesSection
            model={model}
            trans={trans}
            onShowCell={props.onShowCell}
          />
          <section className="jp-jms-Section" data-section="revision">
            <h3>{trans.__('Revision %1 as submitted', draft.revision)}</h3>
            {rendermime &&
              model.cells.map(cell => (
                <CellView
                  key={`${cell.index}-${cell.id}`}
                  cell={cell}
                  revision={draft.revision}
                  rendermime={rendermime}
                  trans={trans}
                  canComment={canComment}
                  onComment={(body, cellId) => model.comment(body, cellId)}
                />
              ))}
          </section>
          <section className="jp-jms-Section" data-section="comments">
            <h3>{trans.__('General comments')}</h3>
            <CommentThread
              comments={model.generalComments}
              revision={draft.revision}
              trans={trans}
            />
            {canComment && (
              <CommentBox
                trans={trans}
                label={trans.__('Comment on the post')}
                onSubmit={body => model.comment(body, null)}
              />
            )}
          </section>
        </main>
        <aside className="jp-jms-Review-side">
          <ChecksSection
            draft={draft}
            trans={trans}
            onShowCell={props.onShowCell}
          />
          <ActionsSection model={model} trans={trans} />
          <PublicationSection review={model} trans={trans} />
          <PublishedSection draft={draft} trans={trans} />
          <ReviewsSection draft={draft} model={model} trans={trans} />
          <HistorySection draft={draft} trans={trans} />
        </aside>
      </div>
    </div>
  );
}

function ReviewHeader(props: {
  draft: IDraftDetail;
  trans: TranslationBundle;
  commands: CommandRegistry;
}): JSX.Element {
  const { draft, trans } = props;
  return (
    <header className="jp-jms-Review-header">
      <h1 className="jp-jms-Review-title">{draft.title}</h1>
      {draft.subtitle && (
        <p className="jp-jms-Review-subtitle">{draft.subtitle}</p>
      )}
      <div className="jp-jms-Review-meta">
        <StateBadge state={draft.state} trans={trans} />
        <span>{trans.__('revision %1', draft.revision)}</span>
        <span>
          {trans.__(
            '%1 of %2 approvals',
            draft.approvals,
            draft.required_approvals
          )}
        </span>
        {draft.needs_vetting && (
          <span className="jp-jms-Flag">
            {draft.vetted
              ? trans.__('language vetted (%1)', draft.language)
              : trans.__('needs council vetting (%1)', draft.language)}
          </span>
        )}
        {draft.third_party && (
          <span className="jp-jms-Flag">{trans.__('third party')}</span>
        )}
        <span>{trans.__('by %1', draft.authors.join(', '))}</span>
        <span>{draft.channels.join(', ')}</span>
        <button
          className="jp-jms-LinkButton"
          title={trans.__('Open the notebook as it is now')}
          onClick={() =>
            void props.commands.execute('docmanager:open', { path: draft.path })
          }
        >
          {draft.path}
        </button>
      </div>
    </header>
  );
}

function ChangesSection(props: {
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

function ChecksSection(props: {
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

function ActionsSection(props: {
  model: ReviewModel;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, trans } = props;
  const none =
    model.verdicts.length === 0 &&
    !model.can('vet') &&
    model.transitions.length === 0;
  return (
    <div className="jp-jms-Actions">
      <VerdictPanel model={model} trans={trans} />
      <VetPanel model={model} trans={trans} />
      <TransitionButtons model={model} trans={trans} />
      {none && model.can('resubmit') && (
        <p className="jp-jms-Muted">
          {trans.__(
            'To answer the review, edit the notebook and use “Submit for review” again.'
          )}
        </p>
      )}
    </div>
  );
}

/**
 * Where the post went out, as recorded with "Record publication".
 */
function PublishedSection(props: {
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

function ReviewsSection(props: {
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

function HistorySection(props: {
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
