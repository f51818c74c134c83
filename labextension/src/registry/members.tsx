import * as React from 'react';

import { ErrorNote, useLoad } from './common';
import { RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

/**
 * The roster: members, their roles as intervals, council languages and aliases.
 */
export function MembersTab(props: IRegistryTabProps): JSX.Element {
  const { trans } = props;
  const api = React.useMemo(
    () => new RegistryApi(props.client),
    [props.client]
  );
  const list = useLoad(() => api.members(), [api], trans);
  return (
    <section className="jp-jms-RegistryTab jp-jms-MembersTab">
      <ErrorNote message={list.error} status={list.status} />
      <ul>
        {list.data?.items.map(m => (
          <li key={m.username}>{m.name || m.username}</li>
        ))}
      </ul>
    </section>
  );
}
