import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { useAction } from './common';
import {
  FormActions,
  FormSection,
  LabelledInput,
  LabelledSelect
} from './formRows';
import { memberLabel, registryLabel } from './labels';
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
    <FormSection
      className="jp-jms-GrantForm"
      title={trans.__('Grant access')}
      onSubmit={submit}
    >
      {candidates.length === 0 ? (
        <p className="jp-jms-Muted">
          {trans.__(
            'Nobody can be given access to this channel now: access goes to members holding a role today and to the channel’s delegates, one grant each, and a retired channel takes none.'
          )}
        </p>
      ) : (
        <>
          <div className="jp-jms-Form-grid">
            <LabelledSelect
              id="jp-jms-grant-member"
              label={trans.__('Member')}
              value={who}
              values={candidates.map(m => m.username)}
              onChange={setUsername}
              trans={trans}
              labelOf={memberLabel(candidates)}
            />
            <LabelledSelect
              id="jp-jms-grant-access"
              label={trans.__('Access')}
              value={level}
              values={levels}
              onChange={setAccess}
              trans={trans}
            />
            <LabelledInput
              id="jp-jms-grant-vault"
              label={trans.__('Where the credential lives')}
              value={vaultRef}
              placeholder={trans.__(
                'op://JMS/Mastodon/password (never the secret)'
              )}
              onValue={setVaultRef}
            />
            <LabelledInput
              id="jp-jms-grant-reason"
              label={trans.__('Why')}
              value={reason}
              placeholder={trans.__('What the member needs this access for')}
              onValue={setReason}
            />
          </div>
          <FormActions
            error={action.error}
            submit={trans.__('Grant access')}
            disabled={action.busy || !who || !level}
            trans={trans}
          />
        </>
      )}
    </FormSection>
  );
}
