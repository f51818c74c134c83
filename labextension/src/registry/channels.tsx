import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { isWebUrl } from '../ui/text';
import { ChannelEditor, NewChannelForm } from './channelForms';
import { ErrorNote, Notice, TableHead, useLoad } from './common';
import { registryLabel } from './labels';
import { IChannelChoices, IRegistryChannel, RegistryApi } from './registryApi';
import type { IRegistryTabProps } from './tab';

export { ChannelEditor, NewChannelForm } from './channelForms';

const NO_CHOICES: IChannelChoices = {
  kinds: [],
  modes: [],
  stewardship: [],
  connectors: [],
  new_statuses: []
};

/**
 * The channel registry: every channel with its lifecycle, the preferred two-way channel
 * and how it is published to; admins edit them and add channels.
 */
export function ChannelsTab(props: IRegistryTabProps): JSX.Element {
  const { trans, me } = props;
  const api = React.useMemo(
    () => new RegistryApi(props.client),
    [props.client]
  );
  const list = useLoad(() => api.channels(), [api], trans);
  const admin = me.capabilities.includes('administer_registry');
  const [editing, setEditing] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);
  const choices = list.data?.choices ?? NO_CHOICES;

  const done = async (message: string) => {
    setNotice(message);
    setEditing(null);
    props.changed();
    await list.reload();
  };

  return (
    <section className="jp-jms-RegistryTab jp-jms-ChannelsTab">
      <ErrorNote message={list.error} status={list.status} />
      <Notice message={notice} />
      {list.data && (
        <table className="jp-jms-Table" aria-label={trans.__('Channels')}>
          <TableHead
            columns={[
              trans.__('Channel'),
              trans.__('Kind'),
              trans.__('Status'),
              trans.__('Mode'),
              trans.__('Connector'),
              trans.__('API URL'),
              admin && trans.__('Actions')
            ]}
          />
          <tbody>
            {list.data.items.map(c => (
              <React.Fragment key={c.id}>
                <ChannelRow
                  channel={c}
                  trans={trans}
                  admin={admin}
                  editing={editing === c.id}
                  onEdit={() => {
                    setNotice(null);
                    setEditing(editing === c.id ? null : c.id);
                  }}
                />
                {admin && editing === c.id && (
                  <tr className="jp-jms-Table-editor">
                    <td colSpan={7}>
                      <ChannelEditor
                        channel={c}
                        choices={choices}
                        api={api}
                        trans={trans}
                        onDone={done}
                        onCancel={() => setEditing(null)}
                      />
                    </td>
                  </tr>
                )}
              </React.Fragment>
            ))}
          </tbody>
        </table>
      )}
      {admin && list.data && (
        <NewChannelForm
          api={api}
          choices={choices}
          trans={trans}
          onDone={c => done(trans.__('Channel “%1” added.', c.name))}
        />
      )}
    </section>
  );
}

function ChannelRow(props: {
  channel: IRegistryChannel;
  trans: TranslationBundle;
  admin: boolean;
  editing: boolean;
  onEdit: () => void;
}): JSX.Element {
  const { channel: c, trans } = props;
  return (
    <tr data-channel-id={c.id} data-status={c.status}>
      <th scope="row">
        {isWebUrl(c.url) ? (
          <a href={c.url} target="_blank" rel="noopener noreferrer">
            {c.name}
          </a>
        ) : (
          c.name
        )}{' '}
        <span className="jp-jms-Muted">({c.id})</span>
        {c.preferred && (
          <span
            className="jp-jms-Flag"
            title={trans.__(
              'The preferred channel: the one two-way social channel, where the group answers people.'
            )}
          >
            {trans.__('preferred')}
          </span>
        )}
      </th>
      <td>{registryLabel(trans, c.kind)}</td>
      <td>
        <span className={`jp-jms-Status jp-jms-Status-${c.status}`}>
          {registryLabel(trans, c.status)}
        </span>
        {c.retired_on && (
          <span className="jp-jms-Muted">
            {' '}
            {trans.__('since %1', c.retired_on)}
          </span>
        )}
      </td>
      <td>{registryLabel(trans, c.mode)}</td>
      <td>{c.connector ? registryLabel(trans, c.connector) : '—'}</td>
      <td className="jp-jms-Url">{c.api_url || '—'}</td>
      {props.admin && (
        <td>
          {c.status !== 'retired' && (
            <button
              className="jp-mod-styled jp-mod-reject jp-jms-SmallButton"
              aria-expanded={props.editing}
              onClick={props.onEdit}
              title={trans.__('Change %1', c.name)}
            >
              {props.editing ? trans.__('Close') : trans.__('Change…')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
