import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ErrorNote, todayUtc, useAction } from './common';
import {
  ActionForm,
  FormActions,
  FormSection,
  LabelledInput,
  LabelledSelect
} from './formRows';
import { registryLabel } from './labels';
import { IMember, IMemberIn, RegistryApi } from './registryApi';

/**
 * Words separated by commas or spaces, as a list (aliases, language tags).
 */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(s => s !== '');
}

/**
 * Open a role interval for a member.
 */
export function RoleForm(props: {
  member: IMember;
  roleNames: string[];
  api: RegistryApi;
  trans: TranslationBundle;
  onDone: (message: string) => Promise<void>;
}): JSX.Element {
  const { member: m, trans } = props;
  const [role, setRole] = React.useState(props.roleNames[0] ?? '');
  const [since, setSince] = React.useState(todayUtc());
  const [until, setUntil] = React.useState('');
  const [languages, setLanguages] = React.useState('');
  const action = useAction(trans);
  const id = `jp-jms-role-${m.username}`;
  const submit = async () => {
    const langs = splitList(languages);
    const ok = await action.run(() =>
      props.api.addRole(m, {
        role,
        since,
        ...(until ? { until } : {}),
        ...(langs.length ? { languages: langs } : {})
      })
    );
    if (ok) {
      await props.onDone(
        trans.__(
          '%1 holds the %2 role from %3.',
          m.username,
          registryLabel(trans, role),
          since
        )
      );
    }
  };
  return (
    <ActionForm
      className="jp-jms-Form jp-jms-RoleForm"
      label={trans.__('Add a role to %1', m.username)}
      onSubmit={submit}
    >
      <div className="jp-jms-Form-row">
        <LabelledSelect
          id={`${id}-role`}
          label={trans.__('Role')}
          value={role}
          values={props.roleNames}
          onChange={setRole}
          trans={trans}
        />
        <LabelledInput
          id={`${id}-since`}
          label={trans.__('From')}
          type="date"
          value={since}
          onValue={setSince}
        />
        <LabelledInput
          id={`${id}-until`}
          label={trans.__('Until (optional)')}
          type="date"
          value={until}
          onValue={setUntil}
        />
        <LabelledInput
          id={`${id}-languages`}
          label={trans.__('Languages vetted (council)')}
          value={languages}
          placeholder={trans.__('es, pt')}
          onValue={setLanguages}
        />
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          disabled={action.busy || !role}
        >
          {trans.__('Add role')}
        </button>
      </div>
      <ErrorNote message={action.error} />
    </ActionForm>
  );
}

/**
 * Add a member, with a first role when one is chosen.
 */
export function NewMemberForm(props: {
  api: RegistryApi;
  roleNames: string[];
  trans: TranslationBundle;
  onDone: (message: string) => Promise<void>;
}): JSX.Element {
  const { trans } = props;
  const [open, setOpen] = React.useState(false);
  const [username, setUsername] = React.useState('');
  const [name, setName] = React.useState('');
  const [affiliation, setAffiliation] = React.useState('');
  const [aliases, setAliases] = React.useState('');
  const [role, setRole] = React.useState('');
  const [languages, setLanguages] = React.useState('');
  const action = useAction(trans);
  if (!open) {
    return (
      <button
        className="jp-mod-styled jp-mod-accept jp-jms-NewMember"
        onClick={() => setOpen(true)}
      >
        {trans.__('Add a member…')}
      </button>
    );
  }
  const submit = async () => {
    const body: IMemberIn = { username: username.trim() };
    if (name.trim()) {
      body.name = name.trim();
    }
    if (affiliation.trim()) {
      body.affiliation = affiliation.trim();
    }
    if (aliases.trim()) {
      body.aliases = splitList(aliases);
    }
    if (role) {
      const langs = splitList(languages);
      body.roles = [
        {
          role,
          since: todayUtc(),
          ...(langs.length ? { languages: langs } : {})
        }
      ];
    }
    if (await action.run(() => props.api.createMember(body))) {
      setOpen(false);
      setUsername('');
      setName('');
      setAffiliation('');
      setAliases('');
      setRole('');
      setLanguages('');
      await props.onDone(trans.__('%1 is on the roster.', body.username));
    }
  };
  const field = (
    key: string,
    label: string,
    value: string,
    set: (v: string) => void,
    placeholder = ''
  ) => (
    <LabelledInput
      id={`jp-jms-new-member-${key}`}
      label={label}
      value={value}
      placeholder={placeholder}
      onValue={set}
    />
  );
  return (
    <FormSection
      className="jp-jms-NewMemberForm"
      title={trans.__('Add a member')}
      onSubmit={submit}
    >
      <div className="jp-jms-Form-grid">
        {field('username', trans.__('Username'), username, setUsername)}
        {field('name', trans.__('Name'), name, setName)}
        {field(
          'affiliation',
          trans.__('Affiliation'),
          affiliation,
          setAffiliation
        )}
        {field(
          'aliases',
          trans.__('Aliases'),
          aliases,
          setAliases,
          trans.__('other usernames, separated by commas')
        )}
        <LabelledSelect
          id="jp-jms-new-member-role"
          label={trans.__('Role from today')}
          value={role}
          values={props.roleNames}
          onChange={setRole}
          trans={trans}
          none
        />
        {field(
          'languages',
          trans.__('Languages vetted (council)'),
          languages,
          setLanguages,
          trans.__('es, pt')
        )}
      </div>
      <FormActions
        error={action.error}
        submit={trans.__('Add member')}
        disabled={action.busy || !username.trim()}
        onCancel={() => setOpen(false)}
        trans={trans}
      />
    </FormSection>
  );
}
