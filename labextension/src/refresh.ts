import { IDisposable } from '@lumino/disposable';

/**
 * How often panels ask the server for changes (from the settings registry).
 */
export interface IRefreshSettings {
  /**
   * Seconds between two refreshes.
   */
  refreshInterval: number;
  /**
   * Skip refreshes while the browser tab is hidden.
   */
  pauseWhenHidden: boolean;
}

export const DEFAULT_REFRESH: IRefreshSettings = {
  refreshInterval: 30,
  pauseWhenHidden: true
};

/**
 * The longest wait between refreshes after repeated failures, as a multiple of the interval.
 */
const MAX_BACKOFF = 8;

/**
 * Options of a {@link Refresher}.
 */
export interface IRefresherOptions {
  /**
   * Ask the server for changes; a rejection counts as a failure.
   */
  refresh: () => Promise<void>;
  /**
   * Whether anyone looks at the result now (e.g. the panel is visible).
   */
  isActive: () => boolean;
  settings: IRefreshSettings;
  /**
   * The page whose visibility pauses refreshes; the global document by default.
   */
  document?: Document;
}

/**
 * Refreshes a panel on a timer without ever causing a storm of requests.
 *
 * - One refresh at a time: asking again while one runs joins it.
 * - Ticks are skipped while the panel is inactive or (if configured) the tab is hidden;
 *   coming back after a missed tick refreshes once, immediately.
 * - After failures the wait doubles, up to {@link MAX_BACKOFF} intervals, so a server that
 *   is down is not hammered by every open panel.
 */
export class Refresher implements IDisposable {
  constructor(options: IRefresherOptions) {
    this._refresh = options.refresh;
    this._isActive = options.isActive;
    this._settings = { ...options.settings };
    this._document = options.document ?? document;
    this._document.addEventListener('visibilitychange', this._onVisibility);
    this._schedule();
  }

  /**
   * Whether the refresher was disposed.
   */
  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * Consecutive failed refreshes (0 after a success).
   */
  get failures(): number {
    return this._failures;
  }

  /**
   * The wait before the next tick, in milliseconds.
   */
  get delay(): number {
    const factor = Math.min(2 ** this._failures, MAX_BACKOFF);
    return Math.max(1, this._settings.refreshInterval) * 1000 * factor;
  }

  /**
   * Use new settings from the next tick on.
   */
  configure(settings: IRefreshSettings): void {
    this._settings = { ...settings };
    this._schedule();
  }

  /**
   * Refresh now (or join the refresh under way), then wait a full interval.
   */
  refresh(): Promise<void> {
    if (this._disposed) {
      return Promise.resolve();
    }
    if (this._pending) {
      return this._pending;
    }
    this._missed = false;
    this._pending = this._refresh()
      .then(
        () => {
          this._failures = 0;
        },
        () => {
          this._failures += 1;
        }
      )
      .finally(() => {
        this._pending = null;
        this._schedule();
      });
    return this._pending;
  }

  /**
   * Tell the refresher that its panel became active: refresh if a tick was missed.
   */
  wake(): void {
    if (this._missed && !this._paused()) {
      void this.refresh();
    }
  }

  /**
   * Tell the refresher its data is out of date: the next wake() refreshes.
   */
  markStale(): void {
    this._missed = true;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._clear();
    this._document.removeEventListener('visibilitychange', this._onVisibility);
  }

  private _paused(): boolean {
    return (
      !this._isActive() ||
      (this._settings.pauseWhenHidden && this._document.hidden)
    );
  }

  private _tick = (): void => {
    this._timer = null;
    if (this._paused()) {
      this._missed = true;
      this._schedule();
      return;
    }
    void this.refresh();
  };

  private _schedule(): void {
    this._clear();
    if (this._disposed || this._pending) {
      return;
    }
    this._timer = setTimeout(this._tick, this.delay);
  }

  private _clear(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _onVisibility = (): void => {
    if (!this._document.hidden) {
      this.wake();
    }
  };

  private _refresh: () => Promise<void>;
  private _isActive: () => boolean;
  private _settings: IRefreshSettings;
  private _document: Document;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _pending: Promise<void> | null = null;
  private _failures = 0;
  // Nothing was loaded yet: the first wake() loads.
  private _missed = true;
  private _disposed = false;
}
