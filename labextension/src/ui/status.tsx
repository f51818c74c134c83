import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import { CommandIDs } from '../commands';
import { IMediaContext } from '../context';
import { stateLabel } from '../labels';
import { Refresher } from '../refresh';
import { failureText, IServiceInfo, serviceOf } from '../service';
import type { IDraft } from '../types/drafts';

/**
 * The title in a notebook's `metadata.jms`, if it has one.
 */
export function postTitle(panel: NotebookPanel | null): string | undefined {
  const meta = panel?.content.model?.getMetadata('jms') as unknown;
  if (typeof meta === 'object' && meta !== null && 'title' in meta) {
    const title = (meta as { title: unknown }).title;
    return typeof title === 'string' && title ? title : undefined;
  }
  return undefined;
}

/**
 * The status item's text and tooltip for the current notebook's draft.
 *
 * @param draft the draft (null: never submitted, undefined: not known, the lookup failed)
 * @param service the JMS service of a connected Lab, named in the tooltip
 * @param error why the last lookup failed (the server's sentence), if it did
 */
export function statusText(
  trans: TranslationBundle,
  draft: IDraft | null | undefined,
  service: IServiceInfo | null,
  error: string | null = null
): { text: string; title: string } {
  const lines: string[] = [];
  if (draft === undefined) {
    lines.push(trans.__('Click to look again'));
  } else if (draft) {
    lines.push(
      trans.__(
        'Draft “%1”, revision %2: open its review',
        draft.title,
        draft.revision
      )
    );
  } else {
    lines.push(trans.__('Submit this notebook for review'));
  }
  if (error) {
    lines.push(trans.__('Could not refresh: %1', error));
  }
  if (service) {
    lines.push(trans.__('Connected to the JMS service at %1', service.url));
  }
  const text =
    draft === undefined
      ? trans.__('Post: unknown')
      : draft
        ? trans.__('Post: %1', stateLabel(trans, draft.state))
        : trans.__('Post: not submitted');
  return { text, title: lines.join('\n') };
}

/**
 * The draft state of the current notebook, in the status bar.
 *
 * A notebook without a post title was never submitted (the server refuses one without),
 * so only notebooks with a title cost a request.
 */
export class DraftStatus extends ReactWidget {
  constructor(
    private readonly _context: IMediaContext,
    private readonly _tracker: INotebookTracker,
    private readonly _commands: CommandRegistry
  ) {
    super();
    this.addClass('jp-jms-StatusItem');
    this._refresher = new Refresher({
      refresh: () => this._lookup(),
      isActive: () => this.isVisible && this._tracker.currentWidget !== null,
      settings: _context.refreshSettings
    });
    _tracker.currentChanged.connect(this._onCurrentChanged, this);
    _context.refreshSettingsChanged.connect(this._onSettings, this);
    _context.draftChanged.connect(this._onDraftChanged, this);
    this._onCurrentChanged();
  }

  /**
   * Emitted when the draft shown changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The current notebook's draft: undefined while unknown, null when never submitted.
   */
  get draft(): IDraft | null | undefined {
    return this._draft;
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._refresher.dispose();
    this._tracker.currentChanged.disconnect(this._onCurrentChanged, this);
    this._context.refreshSettingsChanged.disconnect(this._onSettings, this);
    this._context.draftChanged.disconnect(this._onDraftChanged, this);
    super.dispose();
  }

  protected render(): JSX.Element {
    const trans = this._context.trans;
    return (
      <UseSignal signal={this._changed}>
        {() => {
          const draft = this._draft;
          if (
            this._tracker.currentWidget === null ||
            (draft === undefined && !this._error)
          ) {
            return <span />;
          }
          const { text, title } = statusText(
            trans,
            draft,
            this._service,
            this._error
          );
          return (
            <button
              className="jp-jms-StatusButton"
              data-state={
                draft ? draft.state : draft === null ? 'none' : 'unknown'
              }
              data-stale={this._error ? 'true' : 'false'}
              title={title}
              onClick={() =>
                void (draft === undefined
                  ? this._refresher.refresh()
                  : draft
                    ? this._commands.execute(CommandIDs.openReview, {
                        id: draft.id
                      })
                    : this._commands.execute(CommandIDs.submitForReview))
              }
            >
              {text}
            </button>
          );
        }}
      </UseSignal>
    );
  }

  /**
   * Find the current notebook's draft by its path.
   */
  private async _lookup(): Promise<void> {
    const panel = this._tracker.currentWidget;
    const ticket = ++this._ticket;
    if (!panel) {
      this._set(undefined);
      return;
    }
    await panel.context.ready;
    const title = postTitle(panel);
    try {
      // A notebook can only have been submitted with a title.
      const draft = title
        ? await this._context.client.findDraftByPath(panel.context.path)
        : null;
      if (this._service === null && title) {
        this._service = serviceOf(await this._context.me());
      }
      if (ticket === this._ticket) {
        this._error = null;
        this._set(draft);
      }
    } catch (error) {
      if (ticket === this._ticket) {
        // The state last shown for this notebook stays, its tooltip says why it may be old.
        this._error = failureText(error);
        this._changed.emit();
      }
      throw error;
    }
  }

  private _set(draft: IDraft | null | undefined): void {
    this._draft = draft;
    this._changed.emit();
  }

  private _onCurrentChanged(): void {
    this._error = null;
    this._set(undefined);
    void this._lookup().catch(() => undefined);
  }

  private _onSettings(): void {
    this._refresher.configure(this._context.refreshSettings);
  }

  private _onDraftChanged(): void {
    void this._lookup().catch(() => undefined);
  }

  private _refresher: Refresher;
  private _draft: IDraft | null | undefined = undefined;
  private _service: IServiceInfo | null = null;
  private _error: string | null = null;
  private _ticket = 0;
  private _changed = new Signal<this, void>(this);
}
