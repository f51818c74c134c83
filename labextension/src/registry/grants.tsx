import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ErrorNote, Notice, TableHead, useLoad } from './common';
import { LabelledSelect } from './formRows';
import { GrantForm } from './grantForm';
import { GrantHistory, LiveGrantRow } from './grantRows';
import { memberLabel, registryLabel } from './labels';
import { RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

export { GrantForm } from './grantForm';
export { GrantHistory, StaleFlag } from './grantRows';

/**
 * Access grants. Admins and the chair see them per channel (grant, change, re-authorise,
 * revoke with a reason, who had access) and per member; any other member sees their own.
 */
export function GrantsTab(props: IRegistryTabProps): JSX.Element {
  const { trans, me } = props;
  const api = React.useMemo(
    () => new RegistryApi(props.client),
    [props.client]
  );
  const admin = me.capabilities.includes('administer_registry');
  const [view, setView] = React.useState<'channel' | 'member'>('channel');
  if (!admin) {
    return (
      <section className="jp-jms-RegistryTab jp-jms-GrantsTab" data-view="mine">
        <p className="jp-jms-Muted">
          {trans.__(
            'The channels you can reach, and could reach before. Admins and the chair grant and revoke access.'
          )}
        </p>
        <MemberGrants api={api} username={me.username} trans={trans} />
      </section>
    );
  }
  return (
    <section className="jp-jms-RegistryTab jp-jms-GrantsTab" data-view={view}>
      <div
        className="jp-jms-Chooser"
        role="radiogroup"
        aria-label={trans.__('Show access')}
      >
        <label>
          <input
            type="radio"
            name="jp-jms-grants-view"
            checked={view === 'channel'}
            onChange={() => setView('channel')}
          />{' '}
          {trans.__('By channel')}
        </label>
        <label>
          <input
            type="radio"
            name="jp-jms-grants-view"
            checked={view === 'member'}
            onChange={() => setView('member')}
          />{' '}
          {trans.__('By member')}
        </label>
      </div>
      {view === 'channel' ? (
        <ByChannel api={api} trans={trans} changed={props.changed} />
      ) : (
        <ByMember api={api} trans={trans} />
      )}
    </section>
  );
}

function ByChannel(props: {
  api: RegistryApi;
  trans: TranslationBundle;
  changed: () => void;
}): JSX.Element {
  const { api, trans } = props;
  const channels = useLoad(() => api.channels(), [api], trans);
  const [chosen, setChosen] = React.useState<string>('');
  const items = channels.data?.items ?? [];
  const channelId =
    chosen || items.find(c => c.preferred)?.id || items[0]?.id || '';
  return (
    <>
      <ErrorNote message={channels.error} status={channels.status} />
      {items.length > 0 && (
        <div className="jp-jms-Chooser">
          <LabelledSelect
            id="jp-jms-grants-channel"
            label={trans.__('Channel')}
            value={channelId}
            values={items.map(c => c.id)}
            onChange={setChosen}
            trans={trans}
            labelOf={id => {
              const c = items.find(i => i.id === id);
              if (!c) {
                return id;
              }
              return c.status === 'active'
                ? c.name
                : trans.__('%1 (%2)', c.name, registryLabel(trans, c.status));
            }}
          />
        </div>
      )}
      {channelId && (
        <ChannelGrants
          key={channelId}
          api={api}
          channelId={channelId}
          trans={trans}
          changed={props.changed}
        />
      )}
    </>
  );
}

/**
 * Who has access to one channel, the forms to change it, and who had access.
 */
export function ChannelGrants(props: {
  api: RegistryApi;
  channelId: string;
  trans: TranslationBundle;
  changed: () => void;
}): JSX.Element {
  const { api, channelId, trans } = props;
  const grants = useLoad(
    () => api.channelGrants(channelId, true),
    [api, channelId],
    trans
  );
  const [notice, setNotice] = React.useState<string | null>(null);
  const done = async (message: string) => {
    setNotice(message);
    props.changed();
    await grants.reload();
  };
  const data = grants.data;
  const live = data?.items.filter(g => g.live) ?? [];
  return (
    <div className="jp-jms-ChannelGrants" data-channel-id={channelId}>
      <ErrorNote message={grants.error} status={grants.status} />
      <Notice message={notice} />
      {data && (
        <>
          <h3>{trans.__('Current access')}</h3>
          {data.stale_grant_days !== undefined && (
            <p className="jp-jms-Muted">
              {trans.__(
                'A grant is flagged stale when it was not re-authorised, or (admin and publisher access) not used for a verified post, in %1 days.',
                data.stale_grant_days
              )}
            </p>
          )}
          {live.length === 0 ? (
            <p className="jp-jms-Muted">
              {trans.__('Nobody has access to this channel.')}
            </p>
          ) : (
            <table
              className="jp-jms-Table"
              data-list="current"
              aria-label={trans.__('Current access')}
            >
              <TableHead
                columns={[
                  trans.__('Member'),
                  trans.__('Access'),
                  trans.__('Granted'),
                  trans.__('Why'),
                  trans.__('Credential'),
                  trans.__('Actions')
                ]}
              />
              <tbody>
                {live.map(g => (
                  <LiveGrantRow
                    key={g.id}
                    grant={g}
                    levels={data.access_levels ?? [g.access]}
                    api={api}
                    trans={trans}
                    onDone={done}
                  />
                ))}
              </tbody>
            </table>
          )}
          <GrantForm api={api} data={data} trans={trans} onDone={done} />
          <h3>{trans.__('Who had access')}</h3>
          <GrantHistory items={data.items} trans={trans} by="member" />
        </>
      )}
    </div>
  );
}

function ByMember(props: {
  api: RegistryApi;
  trans: TranslationBundle;
}): JSX.Element {
  const { api, trans } = props;
  const members = useLoad(() => api.members(), [api], trans);
  const [chosen, setChosen] = React.useState('');
  const items = members.data?.items ?? [];
  const username = chosen || items[0]?.username || '';
  return (
    <>
      <ErrorNote message={members.error} status={members.status} />
      {items.length > 0 && (
        <div className="jp-jms-Chooser">
          <LabelledSelect
            id="jp-jms-grants-member"
            label={trans.__('Member')}
            value={username}
            values={items.map(m => m.username)}
            onChange={setChosen}
            trans={trans}
            labelOf={memberLabel(items)}
          />
        </div>
      )}
      {username && (
        <MemberGrants
          key={username}
          api={api}
          username={username}
          trans={trans}
        />
      )}
    </>
  );
}

/**
 * What one member can reach and could reach before.
 */
export function MemberGrants(props: {
  api: RegistryApi;
  username: string;
  trans: TranslationBundle;
}): JSX.Element {
  const { api, username, trans } = props;
  const grants = useLoad(
    () => api.memberGrants(username, true),
    [api, username],
    trans
  );
  return (
    <div className="jp-jms-MemberGrants" data-username={username}>
      <ErrorNote message={grants.error} status={grants.status} />
      {grants.data && (
        <GrantHistory items={grants.data.items} trans={trans} by="channel" />
      )}
    </div>
  );
}
