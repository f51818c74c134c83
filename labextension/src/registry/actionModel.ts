import { ISignal, Signal } from '@lumino/signaling';

import { JmsRequestError } from '../api';

/**
 * A failure to show: the server's sentence and the fields it named.
 */
export interface IFailure {
  message: string;
  fields: { field: string; message: string }[];
}

export function toFailure(error: unknown): IFailure {
  if (error instanceof JmsRequestError) {
    return {
      message: error.message,
      fields: error.errors.filter(e => e.message !== error.message)
    };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    fields: []
  };
}

/**
 * What a governance tab's model shares: actions that run one at a time, the last one's
 * failure or notice (of kind `N`), and a signal after every change.
 */
export abstract class ActionModel<N> {
  /**
   * Emitted after every load, toggle, action and failure.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Why the last action failed, or null.
   */
  get failure(): IFailure | null {
    return this._failure;
  }

  /**
   * What the last action did, for a person to read.
   */
  get notice(): N | null {
    return this._notice;
  }

  get busy(): boolean {
    return this._busy;
  }

  /**
   * Run an action: busy while it runs, its failure kept; true when it succeeded.
   */
  protected async _act(run: () => Promise<void>): Promise<boolean> {
    this._busy = true;
    this._failure = null;
    this._notice = null;
    this._changed.emit();
    let ok = true;
    try {
      await run();
    } catch (error) {
      this._failure = toFailure(error);
      ok = false;
    }
    this._busy = false;
    this._changed.emit();
    return ok;
  }

  protected _failure: IFailure | null = null;
  protected _notice: N | null = null;
  protected _busy = false;
  protected _changed = new Signal<this, void>(this);
}
