import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import type { IFieldError } from './api';
import { errorsByField, IPostForm, metadataFromForm } from './postForm';
import type {
  IChannelCount,
  IPostCheck,
  IPostMetadata
} from './types/publishing';

/**
 * Milliseconds of quiet typing before the form asks the server to check it.
 */
export const CHECK_DELAY = 300;

/**
 * The submit form's state: the values typed, and the server's verdict on them.
 *
 * Every edit schedules one check after {@link CHECK_DELAY} ms of quiet; answers to
 * checks that a later edit overtook are dropped, so the form never shows a verdict on
 * text that is no longer there.
 */
export class PostFormModel implements IDisposable {
  constructor(options: {
    form: IPostForm;
    /**
     * The `metadata.jms` being edited, whose other keys are kept.
     */
    base?: unknown;
    check: (metadata: IPostMetadata) => Promise<IPostCheck>;
    delay?: number;
    /**
     * Errors from a refused submission, shown until the next check.
     */
    errors?: IFieldError[];
    /**
     * Why the last submission failed as a whole (the service unreachable...), shown
     * while the form is open.
     */
    failure?: string | null;
  }) {
    this._form = options.form;
    this._failure = options.failure ?? null;
    this._base = options.base;
    this._check = options.check;
    this._errors = options.errors ?? [];
    this._debouncer = new Debouncer(
      () => this.checkNow(),
      options.delay ?? CHECK_DELAY
    );
  }

  /**
   * Emitted when the values or the check result change.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get form(): IPostForm {
    return this._form;
  }

  /**
   * The metadata the form describes now.
   */
  get metadata(): IPostMetadata {
    return metadataFromForm(this._form, this._base);
  }

  /**
   * Field errors by input (see {@link errorsByField}).
   */
  get errors(): Record<string, string[]> {
    return errorsByField(this._errors);
  }

  /**
   * Number of field errors the last check found.
   */
  get errorCount(): number {
    return this._errors.length;
  }

  /**
   * Per-channel counts of the social texts, from the last check.
   */
  get counts(): IChannelCount[] {
    return this._counts;
  }

  /**
   * Whether a check is scheduled or under way.
   */
  get checking(): boolean {
    return this._checking;
  }

  /**
   * Whether a check has answered since the form opened.
   */
  get checked(): boolean {
    return this._checked;
  }

  /**
   * Why the last check could not be made (the server is unreachable...), or null.
   */
  get checkError(): string | null {
    return this._checkError;
  }

  /**
   * Why the submission the form is shown again after failed, or null.
   */
  get failure(): string | null {
    return this._failure;
  }

  get isDisposed(): boolean {
    return this._debouncer.isDisposed;
  }

  /**
   * Change some values and schedule a check.
   */
  update(patch: Partial<IPostForm>): void {
    this._form = { ...this._form, ...patch };
    this._checking = true;
    this._changed.emit();
    void this._debouncer.invoke();
  }

  /**
   * Check the current values now; resolves when the answer is applied (or dropped).
   */
  async checkNow(): Promise<void> {
    const ticket = ++this._ticket;
    this._checking = true;
    try {
      const result = await this._check(this.metadata);
      if (ticket !== this._ticket || this.isDisposed) {
        return;
      }
      this._errors = result.errors;
      this._counts = result.counts;
      this._checkError = null;
      this._checked = true;
    } catch (error) {
      if (ticket !== this._ticket || this.isDisposed) {
        return;
      }
      this._checkError = error instanceof Error ? error.message : String(error);
    }
    this._checking = false;
    this._changed.emit();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._debouncer.dispose();
    Signal.clearData(this);
  }

  private _form: IPostForm;
  private _base: unknown;
  private _check: (metadata: IPostMetadata) => Promise<IPostCheck>;
  private _errors: IFieldError[];
  private _counts: IChannelCount[] = [];
  private _checking = false;
  private _checked = false;
  private _checkError: string | null = null;
  private _failure: string | null;
  private _ticket = 0;
  private _debouncer: Debouncer;
  private _changed = new Signal<this, void>(this);
}
