import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { Contents } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { IMediaContext } from '../context';
import { ReviewModel } from '../reviewModel';
import { IServiceInfo, serviceOf } from '../service';
import type { IDraftDetail } from '../types/drafts';
import { PublicationSection } from './publication';
import { TransitionButtons, VerdictPanel, VetPanel } from './reviewActions';
import { CellView, CommentBox, CommentThread } from './reviewCells';
import { ChangesSection } from './reviewDiff';
import {
  ChecksSection,
  HistorySection,
  PublishedSection,
  ReviewsSection
} from './reviewSections';
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
    /**
     * The file tree, to say so when the draft's notebook is not in it.
     */
    contents?: Contents.IManager;
  }) {
    super(options.context);
    this.model = options.model;
    this._rendermimeFor = options.rendermimeFor;
    this._commands = options.commands;
    this._contents = options.contents ?? null;
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
            contents={this._contents}
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
  private _contents: Contents.IManager | null;
  private _notifying = false;
  private _service: IServiceInfo | null = null;
}

export interface IReviewViewProps {
  model: ReviewModel;
  trans: TranslationBundle;
  rendermime: IRenderMimeRegistry | null;
  commands: CommandRegistry;
  /**
   * The file tree (null: the notebook is opened without checking it is there).
   */
  contents?: Contents.IManager | null;
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
      <ReviewHeader
        draft={draft}
        trans={trans}
        commands={props.commands}
        contents={props.contents ?? null}
      />
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
  contents: Contents.IManager | null;
}): JSX.Element {
  const { draft, trans } = props;
  const [missing, setMissing] = React.useState<string | null>(null);
  const open = async () => {
    setMissing(null);
    if (props.contents) {
      try {
        await props.contents.get(draft.path, { content: false });
      } catch (e) {
        // A draft submitted from elsewhere (or a moved notebook) is not in this tree.
        setMissing(
          notFound(e)
            ? trans.__('This notebook is not in your file tree.')
            : trans.__(
                'Could not open the notebook: %1',
                e instanceof Error ? e.message : String(e)
              )
        );
        return;
      }
    }
    try {
      await props.commands.execute('docmanager:open', { path: draft.path });
    } catch (e) {
      setMissing(
        trans.__(
          'Could not open the notebook: %1',
          e instanceof Error ? e.message : String(e)
        )
      );
    }
  };
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
          data-open-notebook=""
          onClick={() => void open()}
        >
          {draft.path}
        </button>
      </div>
      {missing && (
        <p className="jp-jms-Warning" role="status" data-notebook-missing="">
          {missing}
        </p>
      )}
    </header>
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

function notFound(e: unknown): boolean {
  const status = (e as { response?: { status?: number } })?.response?.status;
  return status === 404 || /\b404\b/.test(String(e));
}
