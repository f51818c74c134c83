import { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { day, ErrorNote, TableHead, useAction } from './common';
import { ActionForm, LabelledInput } from './formRows';
import { registryLabel } from './labels';
import { IGrant, RegistryApi } from './registryApi';

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

/**
 * A live grant with its re-authorise and revoke actions.
 */
export function LiveGrantRow(props: {
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
              <ActionForm
                className="jp-jms-Form jp-jms-RevokeForm"
                label={trans.__('Revoke the access of %1', g.username)}
                onSubmit={revoke}
              >
                <div className="jp-jms-Form-row">
                  <LabelledInput
                    id={`${id}-reason`}
                    label={trans.__('Why is this access revoked?')}
                    value={reason}
                    onValue={setReason}
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
              </ActionForm>
            )}
            <ErrorNote message={action.error} />
          </td>
        </tr>
      )}
    </>
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
      <TableHead
        columns={[
          props.by === 'member' ? trans.__('Member') : trans.__('Channel'),
          trans.__('Access'),
          trans.__('From'),
          trans.__('Until'),
          trans.__('Why')
        ]}
      />
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
