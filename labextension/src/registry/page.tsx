import { Sanitizer } from '@jupyterlab/apputils';
import * as React from 'react';

import { ErrorNote, useLoad } from './common';
import { RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

const sanitizer = new Sanitizer();

/**
 * The media strategy page as the server generates it from the registry, read only.
 */
export function PageTab(props: IRegistryTabProps): JSX.Element {
  const { trans } = props;
  const api = React.useMemo(
    () => new RegistryApi(props.client),
    [props.client]
  );
  const page = useLoad(() => api.page(), [api], trans);
  // The server escapes every registry value; the sanitizer still keeps scripts out of Lab.
  const html = React.useMemo(
    () => (page.data ? sanitizer.sanitize(page.data.content) : ''),
    [page.data]
  );
  return (
    <section className="jp-jms-RegistryTab jp-jms-PageTab">
      <p className="jp-jms-Muted">
        {trans.__(
          'The public page generated from the registry: the active channels, the preferred one first. It changes when the channels do.'
        )}
      </p>
      <ErrorNote message={page.error} status={page.status} />
      {page.loading && !page.data && (
        <p className="jp-jms-Muted">{trans.__('Loading…')}</p>
      )}
      {page.data && (
        <article
          className="jp-jms-PagePreview jp-RenderedHTMLCommon"
          aria-label={trans.__('Media strategy page preview')}
          dangerouslySetInnerHTML={{ __html: html }}
        />
      )}
    </section>
  );
}
