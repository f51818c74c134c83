import { TranslationBundle } from '@jupyterlab/translation';
import { Token } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import { JmsClient } from './client';
import { DEFAULT_REFRESH, IRefreshSettings } from './refresh';
import type { IMe } from './types/me';

/**
 * What every jupyter-jms panel shares: the API client, the refresh settings and a signal
 * telling panels that this frontend just changed something on the server.
 */
export interface IMediaContext {
  readonly client: JmsClient;
  readonly trans: TranslationBundle;
  /**
   * The refresh settings as the settings registry holds them now.
   */
  readonly refreshSettings: IRefreshSettings;
  /**
   * Emitted when the user edits the refresh settings.
   */
  readonly refreshSettingsChanged: ISignal<IMediaContext, IRefreshSettings>;
  /**
   * Emitted after this frontend changed a draft (its id), so panels refresh at once.
   */
  readonly draftChanged: ISignal<IMediaContext, string | null>;
  /**
   * Tell every panel that a draft changed.
   */
  notifyDraftChanged(draftId: string | null): void;
  /**
   * The caller, asked once per page load (roles do not change while one reviews).
   */
  me(): Promise<IMe>;
}

/**
 * The token of the shared {@link IMediaContext}.
 */
export const IMediaContext = new Token<IMediaContext>(
  'jupyter-jms:IMediaContext',
  'The jupyter-jms API client and refresh settings shared by its panels.'
);

/**
 * The default {@link IMediaContext}.
 */
export class MediaContext implements IMediaContext {
  constructor(
    readonly client: JmsClient,
    readonly trans: TranslationBundle
  ) {}

  get refreshSettings(): IRefreshSettings {
    return this._settings;
  }

  get refreshSettingsChanged(): ISignal<IMediaContext, IRefreshSettings> {
    return this._settingsChanged;
  }

  get draftChanged(): ISignal<IMediaContext, string | null> {
    return this._draftChanged;
  }

  /**
   * Apply settings read from the registry.
   */
  setRefreshSettings(settings: IRefreshSettings): void {
    this._settings = { ...settings };
    this._settingsChanged.emit(this._settings);
  }

  notifyDraftChanged(draftId: string | null): void {
    this._draftChanged.emit(draftId);
  }

  me(): Promise<IMe> {
    if (!this._me) {
      this._me = this.client.me().catch(error => {
        // Ask again next time rather than keep a failure for the whole session.
        this._me = null;
        throw error;
      });
    }
    return this._me;
  }

  private _settings: IRefreshSettings = { ...DEFAULT_REFRESH };
  private _settingsChanged = new Signal<IMediaContext, IRefreshSettings>(this);
  private _draftChanged = new Signal<IMediaContext, string | null>(this);
  private _me: Promise<IMe> | null = null;
}
