import { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ErrorNote, useAction } from './common';
import { LabelledSelect } from './formRows';
import { registryLabel } from './labels';
import { IChannelGrants, RegistryApi } from './registryApi';

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
            <LabelledSelect
              id="jp-jms-grant-access"
              label={trans.__('Access')}
              value={level}
              values={levels}
              onChange={setAccess}
              trans={trans}
            />
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
