import { Sanitizer } from '@jupyterlab/apputils';
import * as React from 'react';

import { ErrorNote, useLoad } from './common';
import { RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

const sanitizer = new Sanitizer();

/**
 * A link of the page opens in a new browser tab, never in place of JupyterLab.
 */
function openOutside(event: React.MouseEvent): void {
  const link = (event.target as HTMLElement).closest('a');
  const href = link?.getAttribute('href');
  if (link && href) {
    event.preventDefault();
    window.open(href, '_blank', 'noopener,noreferrer');
  }
}

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
          onClick={openOutside}
          dangerouslySetInnerHTML={{ __html: html }}
        />
      )}
    </section>
  );
}
