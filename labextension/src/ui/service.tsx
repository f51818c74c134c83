import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IServiceInfo } from '../service';

/**
 * Which JMS service a connected Lab talks to: its host, with the full URL as tooltip.
 * Nothing on a personal server.
 *
 * @param kind `connected` for panels that read from it, `submits` for the submit form
 */
export function ServiceLine(props: {
  service: IServiceInfo | null;
  trans: TranslationBundle;
  kind?: 'connected' | 'submits';
}): JSX.Element | null {
  const { service, trans } = props;
  if (!service) {
    return null;
  }
  const text =
    props.kind === 'submits'
      ? trans.__('Submits to %1', service.host)
      : trans.__('Connected to %1', service.host);
  return (
    <p
      className="jp-jms-Service"
      data-service-url={service.url}
      title={trans.__('JMS service: %1', service.url)}
    >
      {text}
    </p>
  );
}

/**
 * A failed refresh: the server's sentence, and when what is still shown was loaded.
 */
export function FailureNote(props: {
  /**
   * The sentence shown, already translated (e.g. "Could not refresh: <the server's>").
   */
  message: string;
  status: number | null;
  /**
   * When the data still shown was loaded; null when nothing was.
   */
  loadedAt: Date | null;
  trans: TranslationBundle;
}): JSX.Element {
  const { trans, loadedAt } = props;
  return (
    <div
      className="jp-jms-Error"
      role="alert"
      data-status={props.status ?? 'none'}
    >
      <p>{props.message}</p>
      {loadedAt && (
        <p className="jp-jms-StaleNote">
          {trans.__(
            'Showing what was loaded at %1; it may be out of date.',
            loadedAt.toLocaleTimeString()
          )}
        </p>
      )}
    </div>
  );
}
