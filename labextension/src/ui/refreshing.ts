import { ReactWidget } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';

import { IMediaContext } from '../context';
import { Refresher } from '../refresh';

/**
 * A panel that reloads itself: on the refresh timer while shown, when it is shown after a
 * missed tick, when the refresh settings change, and when a draft it shows changes.
 */
export abstract class RefreshingWidget extends ReactWidget {
  constructor(mediaContext: IMediaContext) {
    super();
    this.mediaContext = mediaContext;
    this._refresher = new Refresher({
      refresh: () => this.load(),
      isActive: () => this.isVisible,
      settings: mediaContext.refreshSettings
    });
    mediaContext.refreshSettingsChanged.connect(this._onSettings, this);
    mediaContext.draftChanged.connect(this._onDraftChanged, this);
  }

  /**
   * Load now, whether visible or not.
   */
  refresh(): Promise<void> {
    return this._refresher.refresh();
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._refresher.dispose();
    this.mediaContext.refreshSettingsChanged.disconnect(this._onSettings, this);
    this.mediaContext.draftChanged.disconnect(this._onDraftChanged, this);
    super.dispose();
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._refresher.wake();
  }

  /**
   * Ask the server for what the panel shows; a rejection counts as a failed refresh.
   */
  protected abstract load(): Promise<void>;

  /**
   * Whether a change of the draft with this id (null: of any draft) leaves this panel out
   * of date; every change does unless a panel says otherwise.
   */
  protected concerns(_id: string | null): boolean {
    return true;
  }

  protected readonly mediaContext: IMediaContext;

  private _onSettings(): void {
    this._refresher.configure(this.mediaContext.refreshSettings);
  }

  private _onDraftChanged(_: IMediaContext, id: string | null): void {
    if (!this.concerns(id)) {
      return;
    }
    if (this.isVisible) {
      void this.refresh();
    } else {
      // Load when shown next: the queue or a state changed meanwhile.
      this._refresher.markStale();
    }
  }

  private _refresher: Refresher;
}
