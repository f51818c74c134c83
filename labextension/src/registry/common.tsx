import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { JmsRequestError } from '../api';
import type { IFailure } from './actionModel';

/**
 * The sentence to show for a failed call: the server's own when it answered.
 */
export function failureText(error: unknown, trans: TranslationBundle): string {
  if (error instanceof JmsRequestError) {
    const fields = error.errors
      .map(e => e.message)
      .filter(m => m && m !== error.message);
    return [error.message, ...fields].join(' ');
  }
  if (error instanceof Error && error.message) {
    return error.message;
  }
  return trans.__('The server could not be reached.');
}

/**
 * What a tab loaded: the data, or the failure's sentence, and a way to load again.
 */
export interface ILoaded<T> {
  data: T | null;
  error: string | null;
  status: number | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Load `load()` when the component mounts and whenever `deps` change; a failure keeps its
 * sentence (a 403 shows the server's reason rather than breaking the tab).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: React.DependencyList,
  trans: TranslationBundle
): ILoaded<T> {
  const [data, setData] = React.useState<T | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [status, setStatus] = React.useState<number | null>(null);
  const [loading, setLoading] = React.useState(true);
  const current = React.useRef(0);
  const reload = React.useCallback(async () => {
    const ticket = ++current.current;
    setLoading(true);
    try {
      const value = await load();
      if (ticket === current.current) {
        setData(value);
        setError(null);
        setStatus(null);
      }
    } catch (reason) {
      if (ticket === current.current) {
        setError(failureText(reason, trans));
        setStatus(reason instanceof JmsRequestError ? reason.status : null);
      }
    } finally {
      if (ticket === current.current) {
        setLoading(false);
      }
    }
  }, deps);
  React.useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, status, loading, reload };
}

/**
 * Run an action of a form: busy while it runs, its failure's sentence kept for display.
 */
export function useAction(trans: TranslationBundle): {
  busy: boolean;
  error: string | null;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
} {
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const run = React.useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (reason) {
        setError(failureText(reason, trans));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [trans]
  );
  return { busy, error, run, clear: () => setError(null) };
}

/**
 * A failure's sentence, announced to screen readers.
 */
export function ErrorNote(props: {
  message: string | null;
  status?: number | null;
}): JSX.Element | null {
  if (!props.message) {
    return null;
  }
  return (
    <div
      className="jp-jms-Error"
      role="alert"
      data-status={props.status ?? 'none'}
    >
      <p>{props.message}</p>
    </div>
  );
}

/**
 * A day from an ISO timestamp (YYYY-MM-DD), or an empty string.
 */
export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/**
 * Today as YYYY-MM-DD in UTC, the server's calendar.
 */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Render again whenever `model` says it changed.
 */
export function useModel(model: {
  changed: {
    connect: (fn: () => void) => boolean;
    disconnect: (fn: () => void) => boolean;
  };
}): void {
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const changed = () => setTick(t => t + 1);
    model.changed.connect(changed);
    return () => {
      model.changed.disconnect(changed);
    };
  }, [model]);
}

/**
 * The callback a tab's forms call when an action ends: a success tells the area to refresh.
 */
export function useActed(changed: () => void): (ok: boolean) => void {
  return (ok: boolean) => {
    if (ok) {
      changed();
    }
  };
}

/**
 * A failed action: the server's sentence, then each field it named.
 */
export function FailureView(props: {
  failure: IFailure | null;
}): JSX.Element | null {
  const { failure } = props;
  if (!failure) {
    return null;
  }
  return (
    <div className="jp-jms-Error" role="alert">
      <p>{failure.message}</p>
      {failure.fields.length > 0 && (
        <ul>
          {failure.fields.map((f, i) => (
            <li key={i} data-field={f.field}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A governance tab's frame: the load error alone when the tab could not load, otherwise the
 * last action's failure, its notice, then the tab's sections.
 */
export function TabFrame(props: {
  className: string;
  loadError: string | null;
  failure: IFailure | null;
  notice: string | null;
  children?: React.ReactNode;
}): JSX.Element {
  if (props.loadError) {
    return (
      <div className={props.className}>
        <div className="jp-jms-Error" role="alert">
          <p>{props.loadError}</p>
        </div>
      </div>
    );
  }
  return (
    <div className={props.className}>
      <FailureView failure={props.failure} />
      {props.notice !== null && (
        <p className="jp-jms-Notice" role="status">
          {props.notice}
        </p>
      )}
      {props.children}
    </div>
  );
}

/**
 * A table's column headings; falsy entries (a column only some callers see) are left out.
 */
export function TableHead(props: {
  columns: (React.ReactNode | false)[];
}): JSX.Element {
  return (
    <thead>
      <tr>
        {props.columns
          .filter(c => c !== false)
          .map((c, i) => (
            <th key={i} scope="col">
              {c}
            </th>
          ))}
      </tr>
    </thead>
  );
}

/**
 * What the last action did, announced politely; nothing when there is no notice.
 */
export function Notice(props: { message: string | null }): JSX.Element | null {
  return props.message ? (
    <p className="jp-jms-Notice" role="status">
      {props.message}
    </p>
  ) : null;
}
