import { ISignal, Signal } from '@lumino/signaling';

import { JmsRequestError } from './api';
import { JmsClient } from './client';
import { IToPublish, listToPublish } from './publicationModel';
import { failureStatus, failureText, IServiceInfo, serviceOf } from './service';
import type { DraftState, IDraft } from './types/drafts';
import type { IMe } from './types/me';
import type { IChannel } from './types/registry';

/**
 * The states of the caller's review queue, as the server names them in `GET me`
 * (empty when the caller has no queue).
 */
export function queueStates(me: IMe | null): DraftState[] {
  return me?.review_queue?.states ?? [];
}

/**
 * What the Media sidebar shows, loaded from the API.
 */
export class SidebarModel {
  constructor(
    private readonly _client: JmsClient,
    private readonly _me: () => Promise<IMe>
  ) {}

  /**
   * Emitted whenever anything below changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get me(): IMe | null {
    return this._state.me;
  }

  /**
   * Drafts the caller authors, newest first.
   */
  get mine(): IDraft[] {
    return this._state.mine;
  }

  /**
   * Drafts waiting for review, newest first (empty when the caller reviews nothing).
   */
  get queue(): IDraft[] {
    return this._state.queue;
  }

  /**
   * The editors' "to publish" list (approved, scheduled, failed, unconfirmed), or null
   * when the server does not give it to the caller.
   */
  get toPublish(): IToPublish[] | null {
    return this._state.toPublish;
  }

  /**
   * Whether a queued draft waits for the caller's vetting (listed first in the queue).
   */
  needsMyVetting(id: string): boolean {
    return this._state.needsMyVetting.has(id);
  }

  /**
   * Active channels, preferred first.
   */
  get channels(): IChannel[] {
    return this._state.channels;
  }

  /**
   * Whether the caller has a review queue (the server says which states make it up).
   */
  get showsQueue(): boolean {
    return queueStates(this._state.me).length > 0;
  }

  /**
   * The message of the last failed refresh, or null.
   */
  get error(): string | null {
    return this._state.error;
  }

  /**
   * The HTTP status of the last failed refresh (401, 502, 504...), or null.
   */
  get errorStatus(): number | null {
    return this._state.errorStatus;
  }

  /**
   * Whether data was loaded at least once.
   */
  get loaded(): boolean {
    return this._state.loaded;
  }

  /**
   * Whether the lists shown are from an earlier refresh, the last one having failed.
   */
  get stale(): boolean {
    return this._state.loaded && this._state.error !== null;
  }

  /**
   * When the lists shown were loaded, or null before the first load.
   */
  get loadedAt(): Date | null {
    return this._state.loadedAt;
  }

  /**
   * The JMS service this Lab is connected to, or null on a personal server.
   */
  get service(): IServiceInfo | null {
    return serviceOf(this._state.me);
  }

  /**
   * Load everything the sidebar shows; on failure keep the last data and set `error`.
   */
  async refresh(): Promise<void> {
    try {
      const me = await this._me();
      const states = queueStates(me);
      // A council vetter's queue starts with what needs her vetting (the server decides).
      const vettingFirst = (me.review_queue?.vetting_first ?? []).length > 0;
      const [mine, queue, needsMe, channels, toPublish] = await Promise.all([
        this._client.listDrafts({ author: me.username, limit: 50 }),
        states.length > 0
          ? this._client.listDrafts({
              state: states,
              limit: 50,
              ...(vettingFirst ? { vetting: 'other' as const } : {})
            })
          : Promise.resolve(null),
        states.length > 0 && vettingFirst
          ? this._client.listDrafts({
              state: states,
              vetting: 'mine',
              limit: 50
            })
          : Promise.resolve(null),
        this._client.channels(),
        states.length > 0
          ? this._toPublish()
          : Promise.resolve<IToPublish[] | null>(null)
      ]);
      const first = needsMe ? needsMe.items : [];
      this._state = {
        me,
        mine: mine.items,
        queue: [...first, ...(queue ? queue.items : [])],
        needsMyVetting: new Set(first.map(d => d.id)),
        toPublish,
        channels: channels
          .filter(c => c.status === 'active')
          .sort(
            (a, b) =>
              Number(b.preferred) - Number(a.preferred) ||
              a.name.localeCompare(b.name)
          ),
        error: null,
        errorStatus: null,
        loaded: true,
        loadedAt: new Date()
      };
    } catch (error) {
      // The lists stay as they were: shown as out of date, with the server's sentence.
      this._state = {
        ...this._state,
        error: failureText(error),
        errorStatus: failureStatus(error)
      };
      this._changed.emit();
      throw error;
    }
    this._changed.emit();
  }

  /**
   * The "to publish" list; null when the server refuses it to the caller (not an editor).
   */
  private async _toPublish(): Promise<IToPublish[] | null> {
    try {
      return await listToPublish(this._client.serverSettings);
    } catch (error) {
      if (
        error instanceof JmsRequestError &&
        (error.status === 403 || error.status === 404)
      ) {
        return null;
      }
      throw error;
    }
  }

  private _state: {
    me: IMe | null;
    mine: IDraft[];
    needsMyVetting: Set<string>;
    queue: IDraft[];
    toPublish: IToPublish[] | null;
    channels: IChannel[];
    error: string | null;
    errorStatus: number | null;
    loaded: boolean;
    loadedAt: Date | null;
  } = {
    me: null,
    mine: [],
    needsMyVetting: new Set(),
    queue: [],
    toPublish: null,
    channels: [],
    error: null,
    errorStatus: null,
    loaded: false,
    loadedAt: null
  };
  private _changed = new Signal<this, void>(this);
}
