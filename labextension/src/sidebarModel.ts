import { ISignal, Signal } from '@lumino/signaling';

import { JmsClient } from './client';
import type { DraftState, IChannel, IDraft, IMe } from './types';

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
   * Whether data was loaded at least once.
   */
  get loaded(): boolean {
    return this._state.loaded;
  }

  /**
   * Load everything the sidebar shows; on failure keep the last data and set `error`.
   */
  async refresh(): Promise<void> {
    try {
      const me = await this._me();
      const states = queueStates(me);
      const [mine, queue, channels] = await Promise.all([
        this._client.listDrafts({ author: me.username, limit: 50 }),
        states.length > 0
          ? this._client.listDrafts({ state: states, limit: 50 })
          : Promise.resolve(null),
        this._client.channels()
      ]);
      this._state = {
        me,
        mine: mine.items,
        queue: queue ? queue.items : [],
        channels: channels
          .filter(c => c.status === 'active')
          .sort(
            (a, b) =>
              Number(b.preferred) - Number(a.preferred) ||
              a.name.localeCompare(b.name)
          ),
        error: null,
        loaded: true
      };
    } catch (error) {
      this._state = {
        ...this._state,
        error: error instanceof Error ? error.message : String(error)
      };
      this._changed.emit();
      throw error;
    }
    this._changed.emit();
  }

  private _state: {
    me: IMe | null;
    mine: IDraft[];
    queue: IDraft[];
    channels: IChannel[];
    error: string | null;
    loaded: boolean;
  } = {
    me: null,
    mine: [],
    queue: [],
    channels: [],
    error: null,
    loaded: false
  };
  private _changed = new Signal<this, void>(this);
}
