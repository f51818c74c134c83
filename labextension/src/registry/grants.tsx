import { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { day, ErrorNote, useAction, useLoad } from './common';
import { registryLabel } from './labels';
import { IChannelGrants, IGrant, RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

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

/**
 * What a stale flag means, with the server's reasons.
 */
export function StaleFlag(props: {
  grant: IGrant;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { grant: g, trans } = props;
  if (!g.stale) {
    return null;
  }
  return (
    <span
      className="jp-jms-StaleFlag"
      data-stale="true"
      title={trans.__(
        'A flag for admins to look at, never an automatic revocation: re-authorise the access, or revoke it.'
      )}
    >
      {trans.__('stale: %1', g.stale_reasons.join('; '))}
    </span>
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
          <label htmlFor="jp-jms-grants-channel">{trans.__('Channel')}</label>
          <HTMLSelect
            id="jp-jms-grants-channel"
            value={channelId}
            onChange={e => setChosen(e.target.value)}
          >
            {items.map(c => (
              <option key={c.id} value={c.id}>
                {c.status === 'active'
                  ? c.name
                  : trans.__('%1 (%2)', c.name, registryLabel(trans, c.status))}
              </option>
            ))}
          </HTMLSelect>
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
      {notice && (
        <p className="jp-jms-Notice" role="status">
          {notice}
        </p>
      )}
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
              <thead>
                <tr>
                  <th scope="col">{trans.__('Member')}</th>
                  <th scope="col">{trans.__('Access')}</th>
                  <th scope="col">{trans.__('Granted')}</th>
                  <th scope="col">{trans.__('Why')}</th>
                  <th scope="col">{trans.__('Credential')}</th>
                  <th scope="col">{trans.__('Actions')}</th>
                </tr>
              </thead>
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

function LiveGrantRow(props: {
  grant: IGrant;
  levels: string[];
  api: RegistryApi;
  trans: TranslationBundle;
  onDone: (message: string) => Promise<void>;
}): JSX.Element {
  const { grant: g, trans, api } = props;
  const action = useAction(trans);
  const [revoking, setRevoking] = React.useState(false);
  const [reason, setReason] = React.useState('');
  const id = `jp-jms-grant-${g.id}`;

  const change = async (access: string) => {
    if (access === g.access) {
      return;
    }
    if (await action.run(() => api.updateGrant(g, { access }))) {
      await props.onDone(
        trans.__(
          '%1 now holds %2 access.',
          g.username,
          registryLabel(trans, access)
        )
      );
    }
  };
  const reauthorize = async () => {
    if (await action.run(() => api.updateGrant(g, { action: 'reauthorize' }))) {
      await props.onDone(
        trans.__('%1’s access is marked re-authorised today.', g.username)
      );
    }
  };
  const revoke = async () => {
    const why = reason.trim();
    if (
      await action.run(() =>
        api.updateGrant(g, { action: 'revoke', reason: why })
      )
    ) {
      await props.onDone(trans.__('%1’s access is revoked.', g.username));
    }
  };

  return (
    <>
      <tr data-grant-id={g.id} data-username={g.username} data-live="true">
        <th scope="row">
          {g.username}
          <StaleFlag grant={g} trans={trans} />
        </th>
        <td>
          <label className="jp-jms-VisuallyHidden" htmlFor={`${id}-access`}>
            {trans.__('Access of %1', g.username)}
          </label>
          <HTMLSelect
            id={`${id}-access`}
            value={g.access}
            disabled={action.busy}
            onChange={e => void change(e.target.value)}
          >
            {props.levels.map(level => (
              <option key={level} value={level}>
                {registryLabel(trans, level)}
              </option>
            ))}
          </HTMLSelect>
        </td>
        <td>
          {trans.__('%1 by %2', day(g.granted_at), g.granted_by)}
          {g.reauthorized_at && (
            <div className="jp-jms-Muted">
              {trans.__('re-authorised %1', day(g.reauthorized_at))}
            </div>
          )}
          {g.verified_post_at && (
            <div className="jp-jms-Muted">
              {trans.__('last verified post %1', day(g.verified_post_at))}
            </div>
          )}
        </td>
        <td>{g.reason}</td>
        <td className="jp-jms-Url">{g.vault_ref || '—'}</td>
        <td>
          <button
            className="jp-mod-styled jp-mod-reject jp-jms-SmallButton"
            disabled={action.busy}
            onClick={() => void reauthorize()}
            title={trans.__(
              'Record that this access was checked and is still needed'
            )}
          >
            {trans.__('Re-authorise')}
          </button>
          <button
            className="jp-mod-styled jp-mod-warn jp-jms-SmallButton"
            aria-expanded={revoking}
            disabled={action.busy}
            onClick={() => setRevoking(!revoking)}
          >
            {trans.__('Revoke…')}
          </button>
        </td>
      </tr>
      {(revoking || action.error) && (
        <tr className="jp-jms-Table-editor">
          <td colSpan={6}>
            {revoking && (
              <form
                className="jp-jms-Form jp-jms-RevokeForm"
                aria-label={trans.__('Revoke the access of %1', g.username)}
                onSubmit={event => {
                  event.preventDefault();
                  void revoke();
                }}
              >
                <div className="jp-jms-Form-row">
                  <label htmlFor={`${id}-reason`}>
                    {trans.__('Why is this access revoked?')}
                  </label>
                  <input
                    id={`${id}-reason`}
                    className="jp-mod-styled"
                    value={reason}
                    onChange={e => setReason(e.target.value)}
                    autoFocus
                  />
                  <button
                    type="submit"
                    className="jp-mod-styled jp-mod-warn"
                    disabled={action.busy || reason.trim() === ''}
                  >
                    {trans.__('Revoke access')}
                  </button>
                  <button
                    type="button"
                    className="jp-mod-styled jp-mod-reject"
                    onClick={() => setRevoking(false)}
                  >
                    {trans.__('Cancel')}
                  </button>
                </div>
              </form>
            )}
            <ErrorNote message={action.error} />
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * Grant a member access: only the members the server says may hold it are offered.
 */
export function GrantForm(props: {
  api: RegistryApi;
  data: IChannelGrants;
  trans: TranslationBundle;
  onDone: (message: string) => Promise<void>;
}): JSX.Element | null {
  const { api, data, trans } = props;
  const candidates = data.grantable ?? [];
  const levels = data.access_levels ?? [];
  const [username, setUsername] = React.useState('');
  const [access, setAccess] = React.useState('');
  const [vaultRef, setVaultRef] = React.useState('');
  const [reason, setReason] = React.useState('');
  const action = useAction(trans);
  if (data.grantable === undefined) {
    return null;
  }
  const who = username || candidates[0]?.username || '';
  const level = access || levels[levels.length - 1] || '';
  const submit = async () => {
    const ok = await action.run(() =>
      api.grant(data.channel, {
        username: who,
        access: level,
        vault_ref: vaultRef.trim(),
        reason: reason.trim()
      })
    );
    if (ok) {
      setUsername('');
      setVaultRef('');
      setReason('');
      await props.onDone(
        trans.__(
          '%1 now holds %2 access to %3.',
          who,
          registryLabel(trans, level),
          data.channel
        )
      );
    }
  };
  return (
    <form
      className="jp-jms-Form jp-jms-GrantForm"
      aria-label={trans.__('Grant access')}
      onSubmit={event => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3>{trans.__('Grant access')}</h3>
      {candidates.length === 0 ? (
        <p className="jp-jms-Muted">
          {trans.__(
            'Nobody can be given access to this channel now: access goes to members holding a role today and to the channel’s delegates, one grant each, and a retired channel takes none.'
          )}
        </p>
      ) : (
        <>
          <div className="jp-jms-Form-grid">
            <label htmlFor="jp-jms-grant-member">{trans.__('Member')}</label>
            <HTMLSelect
              id="jp-jms-grant-member"
              value={who}
              onChange={e => setUsername(e.target.value)}
            >
              {candidates.map(m => (
                <option key={m.username} value={m.username}>
                  {m.name ? `${m.name} (${m.username})` : m.username}
                </option>
              ))}
            </HTMLSelect>
            <label htmlFor="jp-jms-grant-access">{trans.__('Access')}</label>
            <HTMLSelect
              id="jp-jms-grant-access"
              value={level}
              onChange={e => setAccess(e.target.value)}
            >
              {levels.map(l => (
                <option key={l} value={l}>
                  {registryLabel(trans, l)}
                </option>
              ))}
            </HTMLSelect>
            <label htmlFor="jp-jms-grant-vault">
              {trans.__('Where the credential lives')}
            </label>
            <input
              id="jp-jms-grant-vault"
              className="jp-mod-styled"
              value={vaultRef}
              placeholder={trans.__(
                'op://JMS/Mastodon/password (never the secret)'
              )}
              onChange={e => setVaultRef(e.target.value)}
            />
            <label htmlFor="jp-jms-grant-reason">{trans.__('Why')}</label>
            <input
              id="jp-jms-grant-reason"
              className="jp-mod-styled"
              value={reason}
              placeholder={trans.__('What the member needs this access for')}
              onChange={e => setReason(e.target.value)}
            />
          </div>
          <ErrorNote message={action.error} />
          <div className="jp-jms-Buttons">
            <button
              type="submit"
              className="jp-mod-styled jp-mod-accept"
              disabled={action.busy || !who || !level}
            >
              {trans.__('Grant access')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

/**
 * Every grant, live and revoked, oldest first: who had access, and why it ended.
 */
export function GrantHistory(props: {
  items: IGrant[];
  trans: TranslationBundle;
  /**
   * What the first column names: the member (a channel's history) or the channel.
   */
  by: 'member' | 'channel';
}): JSX.Element {
  const { items, trans } = props;
  if (items.length === 0) {
    return <p className="jp-jms-Muted">{trans.__('No grant yet.')}</p>;
  }
  return (
    <table
      className="jp-jms-Table"
      data-list="history"
      aria-label={trans.__('Who had access')}
    >
      <thead>
        <tr>
          <th scope="col">
            {props.by === 'member' ? trans.__('Member') : trans.__('Channel')}
          </th>
          <th scope="col">{trans.__('Access')}</th>
          <th scope="col">{trans.__('From')}</th>
          <th scope="col">{trans.__('Until')}</th>
          <th scope="col">{trans.__('Why')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map(g => (
          <tr
            key={g.id}
            data-grant-id={g.id}
            data-username={g.username}
            data-live={g.live ? 'true' : 'false'}
          >
            <th scope="row">
              {props.by === 'member' ? g.username : g.channel}
              <StaleFlag grant={g} trans={trans} />
            </th>
            <td>{registryLabel(trans, g.access)}</td>
            <td>{trans.__('%1 by %2', day(g.granted_at), g.granted_by)}</td>
            <td>
              {g.live
                ? trans.__('still holds it')
                : trans.__(
                    'revoked %1 by %2',
                    day(g.revoked_at),
                    g.revoked_by ?? ''
                  )}
            </td>
            <td>
              {g.reason}
              {!g.live && g.revoke_reason && (
                <div className="jp-jms-RevokeReason">
                  {trans.__('Revoked: %1', g.revoke_reason)}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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
          <label htmlFor="jp-jms-grants-member">{trans.__('Member')}</label>
          <HTMLSelect
            id="jp-jms-grants-member"
            value={username}
            onChange={e => setChosen(e.target.value)}
          >
            {items.map(m => (
              <option key={m.username} value={m.username}>
                {m.name ? `${m.name} (${m.username})` : m.username}
              </option>
            ))}
          </HTMLSelect>
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
