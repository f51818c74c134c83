import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import {
  ErrorNote,
  Notice,
  TableHead,
  todayUtc,
  useAction,
  useLoad
} from './common';
import { ActionForm, LabelledInput } from './formRows';
import { registryLabel } from './labels';
import { NewMemberForm, RoleForm } from './memberForms';
import { IMember, IRoleInterval, RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

export { NewMemberForm, RoleForm, splitList } from './memberForms';

/**
 * The roster: members, their roles as intervals, council languages and aliases. Admins
 * and the chair add members and open or end role intervals.
 */
export function MembersTab(props: IRegistryTabProps): JSX.Element {
  const { trans, me } = props;
  const api = React.useMemo(
    () => new RegistryApi(props.client),
    [props.client]
  );
  const list = useLoad(() => api.members(), [api], trans);
  const admin = me.capabilities.includes('administer_registry');
  const [notice, setNotice] = React.useState<string | null>(null);
  const roleNames = list.data?.role_names ?? [];
  const done = async (message: string) => {
    setNotice(message);
    props.changed();
    await list.reload();
  };
  return (
    <section className="jp-jms-RegistryTab jp-jms-MembersTab">
      <p className="jp-jms-Muted">
        {trans.__(
          'Roles are held over intervals: from a first day, until the day they end (open when no end is set).'
        )}
      </p>
      <ErrorNote message={list.error} status={list.status} />
      <Notice message={notice} />
      {list.data && (
        <table className="jp-jms-Table" aria-label={trans.__('Members')}>
          <TableHead
            columns={[
              trans.__('Member'),
              trans.__('Roles today'),
              trans.__('Role intervals'),
              trans.__('Aliases')
            ]}
          />
          <tbody>
            {list.data.items.map(m => (
              <MemberRow
                key={m.username}
                member={m}
                admin={admin}
                roleNames={roleNames}
                api={api}
                trans={trans}
                onDone={done}
              />
            ))}
          </tbody>
        </table>
      )}
      {admin && list.data && (
        <NewMemberForm
          api={api}
          roleNames={roleNames}
          trans={trans}
          onDone={done}
        />
      )}
    </section>
  );
}

function MemberRow(props: {
  member: IMember;
  admin: boolean;
  roleNames: string[];
  api: RegistryApi;
  trans: TranslationBundle;
  onDone: (message: string) => Promise<void>;
}): JSX.Element {
  const { member: m, trans } = props;
  const [adding, setAdding] = React.useState(false);
  return (
    <>
      <tr data-username={m.username}>
        <th scope="row">
          {m.name || m.username}{' '}
          <span className="jp-jms-Muted">({m.username})</span>
          {m.affiliation && <div className="jp-jms-Muted">{m.affiliation}</div>}
        </th>
        <td>
          {m.roles.length === 0 ? (
            <span className="jp-jms-Muted">{trans.__('no role today')}</span>
          ) : (
            m.roles.map(r => registryLabel(trans, r)).join(', ')
          )}
          {m.languages.length > 0 && (
            <div>{trans.__('vets %1', m.languages.join(', '))}</div>
          )}
        </td>
        <td>
          <ul className="jp-jms-Intervals">
            {m.role_intervals.map(r => (
              <IntervalItem
                key={r.id}
                member={m}
                interval={r}
                admin={props.admin}
                api={props.api}
                trans={trans}
                onDone={props.onDone}
              />
            ))}
          </ul>
          {props.admin && (
            <button
              className="jp-jms-LinkButton jp-jms-AddRole"
              aria-expanded={adding}
              onClick={() => setAdding(!adding)}
            >
              {adding ? trans.__('Close') : trans.__('Add a role…')}
            </button>
          )}
        </td>
        <td>{m.aliases.join(', ')}</td>
      </tr>
      {props.admin && adding && (
        <tr className="jp-jms-Table-editor">
          <td colSpan={4}>
            <RoleForm
              member={m}
              roleNames={props.roleNames}
              api={props.api}
              trans={trans}
              onDone={async message => {
                setAdding(false);
                await props.onDone(message);
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function IntervalItem(props: {
  member: IMember;
  interval: IRoleInterval;
  admin: boolean;
  api: RegistryApi;
  trans: TranslationBundle;
  onDone: (message: string) => Promise<void>;
}): JSX.Element {
  const { interval: r, member: m, trans } = props;
  const [ending, setEnding] = React.useState(false);
  const [until, setUntil] = React.useState(todayUtc());
  const action = useAction(trans);
  const ended = r.until !== null && r.until <= todayUtc();
  const end = async () => {
    if (await action.run(() => props.api.endRole(m, r.id, until))) {
      setEnding(false);
      await props.onDone(
        trans.__(
          '%1’s %2 role ends on %3.',
          m.username,
          registryLabel(trans, r.role),
          until
        )
      );
    }
  };
  const id = `jp-jms-interval-${r.id}`;
  return (
    <li
      className={ended ? 'jp-jms-Interval-ended' : 'jp-jms-Interval'}
      data-role={r.role}
      data-interval-id={r.id}
    >
      {r.until
        ? trans.__(
            '%1: %2 to %3',
            registryLabel(trans, r.role),
            r.since,
            r.until
          )
        : trans.__('%1: since %2', registryLabel(trans, r.role), r.since)}
      {r.languages.length > 0 && ` (${r.languages.join(', ')})`}
      {props.admin && r.until === null && !ending && (
        <button
          className="jp-jms-LinkButton jp-jms-EndRole"
          onClick={() => setEnding(true)}
          aria-label={trans.__(
            'End the %1 role of %2',
            registryLabel(trans, r.role),
            m.username
          )}
        >
          {trans.__('end…')}
        </button>
      )}
      {ending && (
        <ActionForm className="jp-jms-Form-row" onSubmit={end}>
          <LabelledInput
            id={`${id}-until`}
            label={trans.__('Ends on')}
            type="date"
            value={until}
            onValue={setUntil}
          />
          <button
            type="submit"
            className="jp-mod-styled jp-mod-warn jp-jms-SmallButton"
            disabled={action.busy || !until}
          >
            {trans.__('End role')}
          </button>
          <button
            type="button"
            className="jp-mod-styled jp-mod-reject jp-jms-SmallButton"
            onClick={() => setEnding(false)}
          >
            {trans.__('Cancel')}
          </button>
        </ActionForm>
      )}
      <ErrorNote message={action.error} />
    </li>
  );
}
