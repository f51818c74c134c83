import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { useAction } from './common';
import {
  ActionForm,
  FormActions,
  FormSection,
  LabelledInput,
  LabelledSelect
} from './formRows';
import {
  IChannelChoices,
  IChannelIn,
  IChannelPatch,
  IRegistryChannel,
  RegistryApi
} from './registryApi';

/**
 * Move a channel along its lifecycle, make it preferred, set its connector and API URL.
 */
export function ChannelEditor(props: {
  channel: IRegistryChannel;
  choices: IChannelChoices;
  api: RegistryApi;
  trans: TranslationBundle;
  onDone: (message: string) => Promise<void>;
  onCancel: () => void;
}): JSX.Element {
  const { channel: c, trans } = props;
  const [status, setStatus] = React.useState(c.status);
  const [connector, setConnector] = React.useState(c.connector ?? '');
  const [apiUrl, setApiUrl] = React.useState(c.api_url ?? '');
  const action = useAction(trans);
  const statuses = [c.status, ...(c.next_statuses ?? [])];
  const connectors = Array.from(
    new Set([
      ...(c.connector ? [c.connector] : []),
      ...props.choices.connectors
    ])
  );

  const save = async () => {
    const patch: IChannelPatch = {};
    if (status !== c.status) {
      patch.status = status;
    }
    if (connector && connector !== (c.connector ?? '')) {
      patch.connector = connector;
    }
    if (apiUrl.trim() !== (c.api_url ?? '')) {
      patch.api_url = apiUrl.trim();
    }
    if (Object.keys(patch).length === 0) {
      props.onCancel();
      return;
    }
    if (await action.run(() => props.api.updateChannel(c, patch))) {
      await props.onDone(trans.__('Channel “%1” saved.', c.name));
    }
  };

  const prefer = async () => {
    if (
      await action.run(() => props.api.updateChannel(c, { preferred: true }))
    ) {
      await props.onDone(
        trans.__('“%1” is now the preferred channel.', c.name)
      );
    }
  };

  const id = `jp-jms-channel-${c.id}`;
  return (
    <ActionForm
      className="jp-jms-Form jp-jms-ChannelEditor"
      label={trans.__('Change %1', c.name)}
      onSubmit={save}
    >
      <div className="jp-jms-Form-row">
        <LabelledSelect
          id={`${id}-status`}
          label={trans.__('Status')}
          value={status}
          values={statuses}
          onChange={setStatus}
          trans={trans}
        />
        <LabelledSelect
          id={`${id}-connector`}
          label={trans.__('Connector')}
          value={connector}
          values={connectors}
          onChange={setConnector}
          trans={trans}
          none={!c.connector}
        />
        <LabelledInput
          id={`${id}-api`}
          label={trans.__('API URL')}
          type="url"
          value={apiUrl}
          placeholder={trans.__('https://mastodon.example')}
          onValue={setApiUrl}
        />
      </div>
      <p className="jp-jms-Muted">
        {trans.__(
          'Mastodon and Bluesky are posted to by the service with the publisher grant’s credential, at the API URL; blog export and manual wait for a person to record the URL.'
        )}
      </p>
      <FormActions
        error={action.error}
        submit={trans.__('Save')}
        disabled={action.busy}
        onCancel={props.onCancel}
        trans={trans}
      >
        {!c.preferred && c.status === 'active' && (
          <button
            type="button"
            className="jp-mod-styled jp-mod-reject"
            disabled={action.busy}
            onClick={() => void prefer()}
            title={trans.__(
              'The preferred flag moves here from the current preferred channel.'
            )}
          >
            {trans.__('Make preferred')}
          </button>
        )}
      </FormActions>
    </ActionForm>
  );
}

/**
 * Add a channel (proposed, or active at once).
 */
export function NewChannelForm(props: {
  api: RegistryApi;
  choices: IChannelChoices;
  trans: TranslationBundle;
  onDone: (channel: IRegistryChannel) => Promise<void>;
}): JSX.Element {
  const { trans, choices } = props;
  const empty: IChannelIn = {
    id: '',
    name: '',
    platform: '',
    kind: choices.kinds[0] ?? '',
    url: '',
    mode: choices.modes[0] ?? '',
    status: choices.new_statuses[0] ?? '',
    connector: '',
    api_url: ''
  };
  const [form, setForm] = React.useState<IChannelIn>(empty);
  const [open, setOpen] = React.useState(false);
  const action = useAction(trans);
  const submit = async () => {
    // Empty optional fields are left out, so the server's defaults apply.
    const body = Object.fromEntries(
      Object.entries(form).filter(([, v]) => v !== '')
    ) as unknown as IChannelIn;
    let created: IRegistryChannel | null = null;
    const ok = await action.run(async () => {
      created = await props.api.createChannel(body);
    });
    if (ok && created) {
      setForm(empty);
      setOpen(false);
      await props.onDone(created);
    }
  };

  if (!open) {
    return (
      <button
        className="jp-mod-styled jp-mod-accept jp-jms-NewChannel"
        onClick={() => setOpen(true)}
      >
        {trans.__('Add a channel…')}
      </button>
    );
  }
  const select = (key: keyof IChannelIn, label: string, values: string[]) => (
    <LabelledSelect
      id={`jp-jms-new-channel-${key}`}
      label={label}
      value={String(form[key] ?? '')}
      values={values}
      onChange={value => setForm({ ...form, [key]: value })}
      trans={trans}
      none={key === 'connector'}
    />
  );
  const text = (key: keyof IChannelIn, label: string, placeholder = '') => (
    <LabelledInput
      id={`jp-jms-new-channel-${key}`}
      label={label}
      value={String(form[key] ?? '')}
      placeholder={placeholder}
      onValue={value => setForm({ ...form, [key]: value })}
    />
  );
  return (
    <FormSection
      className="jp-jms-NewChannelForm"
      title={trans.__('Add a channel')}
      onSubmit={submit}
    >
      <div className="jp-jms-Form-grid">
        {text('id', trans.__('Id'), 'bluesky')}
        {text('name', trans.__('Name'), 'Bluesky')}
        {text('platform', trans.__('Platform'), 'bluesky')}
        {select('kind', trans.__('Kind'), choices.kinds)}
        {text('url', trans.__('URL'), 'https://')}
        {select('mode', trans.__('Mode'), choices.modes)}
        {select('status', trans.__('Starts as'), choices.new_statuses)}
        {select('connector', trans.__('Connector'), choices.connectors)}
        {text('api_url', trans.__('API URL'), 'https://')}
      </div>
      <FormActions
        error={action.error}
        submit={trans.__('Add channel')}
        disabled={action.busy}
        onCancel={() => setOpen(false)}
        trans={trans}
      />
    </FormSection>
  );
}
