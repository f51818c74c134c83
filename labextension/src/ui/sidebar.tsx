import { UseSignal } from '@jupyterlab/ui-components';
import { refreshIcon } from '@jupyterlab/ui-components';
import { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { CommandIDs } from '../commands';
import { IMediaContext } from '../context';
import { mediaIcon } from '../icons';
import { stateLabel } from '../labels';
import { IToPublish } from '../publicationModel';
import { SidebarModel } from '../sidebarModel';
import type { IDraft } from '../types/drafts';
import type { IChannel } from '../types/registry';
import { RefreshingWidget } from './refreshing';
import { FailureNote, ServiceLine } from './service';
import { isWebUrl } from './text';

/**
 * The Media sidebar: the caller's drafts, the review queue and the channels.
 */
export class MediaSidebar extends RefreshingWidget {
  constructor(
    context: IMediaContext,
    private readonly _commands: CommandRegistry
  ) {
    super(context);
    this.id = 'jupyter-jms-sidebar';
    this.addClass('jp-jms-Sidebar');
    this.title.icon = mediaIcon;
    this.title.caption = context.trans.__('Media Strategy');
    this.model = new SidebarModel(context.client, () => context.me());
  }

  readonly model: SidebarModel;

  protected load(): Promise<void> {
    return this.model.refresh();
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <SidebarView
            model={this.model}
            trans={this.mediaContext.trans}
            onRefresh={() => void this.refresh()}
            onOpen={id =>
              void this._commands.execute(CommandIDs.openReview, { id })
            }
            onSubmit={() =>
              void this._commands.execute(CommandIDs.submitForReview)
            }
            onOpenRegistry={() =>
              void this._commands.execute(CommandIDs.openRegistry)
            }
          />
        )}
      </UseSignal>
    );
  }
}

export interface ISidebarViewProps {
  model: SidebarModel;
  trans: TranslationBundle;
  onRefresh: () => void;
  onOpen: (id: string) => void;
  onSubmit: () => void;
  /**
   * Open the Registry and Governance area (no link when absent).
   */
  onOpenRegistry?: () => void;
}

/**
 * What the sidebar shows for the state of its model.
 */
export function SidebarView(props: ISidebarViewProps): JSX.Element {
  const { model, trans } = props;
  const me = model.me;
  return (
    <div
      className={`jp-jms-Sidebar-content${model.stale ? ' jp-jms-Stale' : ''}`}
      data-stale={model.stale ? 'true' : 'false'}
    >
      <header className="jp-jms-Sidebar-header">
        <h2 className="jp-jms-Sidebar-title">{trans.__('Media')}</h2>
        <button
          className="jp-jms-IconButton"
          title={trans.__('Refresh')}
          aria-label={trans.__('Refresh')}
          onClick={props.onRefresh}
        >
          <refreshIcon.react tag="span" />
        </button>
      </header>
      <ServiceLine service={model.service} trans={trans} />
      {me && me.member === false && (
        <p className="jp-jms-Sidebar-me jp-jms-Sidebar-notMember" role="status">
          {trans.__('Not a JMS member: use a member link.')}
        </p>
      )}
      {me && me.member !== false && (
        <p className="jp-jms-Sidebar-me">
          {me.roles.length > 0
            ? trans.__(
                'Signed in as %1 (%2)',
                me.name || me.username,
                me.roles.join(', ')
              )
            : trans.__('Signed in as %1', me.name || me.username)}
        </p>
      )}
      {model.error && (
        <FailureNote
          message={trans.__('Could not refresh: %1', model.error)}
          status={model.errorStatus}
          loadedAt={model.stale ? model.loadedAt : null}
          trans={trans}
        />
      )}
      {!model.loaded && !model.error && (
        <p className="jp-jms-Muted">{trans.__('Loading…')}</p>
      )}

      <section className="jp-jms-Section" data-section="mine">
        <h3>
          {trans.__('My drafts')}{' '}
          <span className="jp-jms-Count">{model.mine.length}</span>
        </h3>
        {model.loaded && model.mine.length === 0 && (
          <p className="jp-jms-Muted">
            {trans.__(
              'Nothing submitted yet. Write your post in a notebook, then use “Submit for review” in its toolbar.'
            )}
          </p>
        )}
        <DraftList drafts={model.mine} trans={trans} onOpen={props.onOpen} />
        <button className="jp-jms-LinkButton" onClick={props.onSubmit}>
          {trans.__('Submit the current notebook for review…')}
        </button>
      </section>

      {model.showsQueue && (
        <section className="jp-jms-Section" data-section="queue">
          <h3>
            {trans.__('Review queue')}{' '}
            <span className="jp-jms-Count">{model.queue.length}</span>
          </h3>
          {model.queue.length === 0 && (
            <p className="jp-jms-Muted">
              {trans.__('No draft is waiting for review.')}
            </p>
          )}
          <DraftList
            drafts={model.queue}
            needsMe={id => model.needsMyVetting(id)}
            trans={trans}
            onOpen={props.onOpen}
            showAuthors
          />
        </section>
      )}

      {model.toPublish !== null && (
        <section className="jp-jms-Section" data-section="to-publish">
          <h3>
            {trans.__('To publish')}{' '}
            <span className="jp-jms-Count">{model.toPublish.length}</span>
          </h3>
          {model.toPublish.length === 0 && (
            <p className="jp-jms-Muted">
              {trans.__('No approved or scheduled post.')}
            </p>
          )}
          <ToPublishList
            items={model.toPublish}
            trans={trans}
            onOpen={props.onOpen}
          />
        </section>
      )}

      <section className="jp-jms-Section" data-section="channels">
        <h3>
          {trans.__('Channels')}{' '}
          <span className="jp-jms-Count">{model.channels.length}</span>
        </h3>
        <ul className="jp-jms-ChannelList">
          {model.channels.map(c => (
            <ChannelRow key={c.id} channel={c} trans={trans} />
          ))}
        </ul>
        {props.onOpenRegistry && me && me.member !== false && (
          <button
            className="jp-jms-LinkButton"
            data-action="open-registry"
            onClick={props.onOpenRegistry}
          >
            {me.capabilities.includes('administer_registry')
              ? trans.__('Registry and governance: channels, access, members…')
              : trans.__('Registry and governance (read only)…')}
          </button>
        )}
      </section>
    </div>
  );
}

function DraftList(props: {
  drafts: IDraft[];
  trans: TranslationBundle;
  onOpen: (id: string) => void;
  showAuthors?: boolean;
  /** Whether a draft waits for the reader's own vetting. */
  needsMe?: (id: string) => boolean;
}): JSX.Element {
  const { trans } = props;
  return (
    <ul className="jp-jms-DraftList">
      {props.drafts.map(d => (
        <li key={d.id}>
          <button
            className="jp-jms-DraftRow"
            data-draft-id={d.id}
            title={trans.__('Open the review of “%1”', d.title)}
            onClick={() => props.onOpen(d.id)}
          >
            <span className="jp-jms-DraftRow-title">{d.title}</span>
            <span className="jp-jms-DraftRow-meta">
              <StateBadge state={d.state} trans={trans} />
              <span>{trans.__('rev. %1', d.revision)}</span>
              {d.collects_approvals !== false && (
                <span>
                  {trans.__(
                    '%1/%2 approvals',
                    d.approvals,
                    d.required_approvals
                  )}
                </span>
              )}
              {d.needs_vetting && !d.vetted && (
                <span
                  className="jp-jms-Flag"
                  data-needs-me={props.needsMe?.(d.id) ? 'true' : undefined}
                >
                  {props.needsMe?.(d.id)
                    ? trans.__('needs your vetting (%1)', d.language)
                    : trans.__('needs vetting (%1)', d.language)}
                </span>
              )}
              {props.showAuthors && d.authors.length > 0 && (
                <span>{trans.__('by %1', d.authors.join(', '))}</span>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * A UTC time from the API as wall time in `tz`, with the zone named.
 */
export function inZone(iso: string, tz: string): string {
  try {
    // Swedish dates read as ISO 8601: 2026-12-07 09:00.
    const wall = new Intl.DateTimeFormat('sv-SE', {
      timeZone: tz,
      dateStyle: 'short',
      timeStyle: 'short'
    }).format(new Date(iso));
    return `${wall} (${tz})`;
  } catch {
    return `${iso} (UTC)`;
  }
}

function ToPublishList(props: {
  items: IToPublish[];
  trans: TranslationBundle;
  onOpen: (id: string) => void;
}): JSX.Element {
  const { trans } = props;
  return (
    <ul className="jp-jms-DraftList">
      {props.items.map(p => (
        <li key={p.id}>
          <button
            className="jp-jms-DraftRow"
            data-draft-id={p.id}
            data-attention={p.needs_attention.length > 0 ? 'true' : 'false'}
            title={trans.__('Open the review of “%1”', p.title)}
            onClick={() => props.onOpen(p.id)}
          >
            <span className="jp-jms-DraftRow-title">{p.title}</span>
            <span className="jp-jms-DraftRow-meta">
              <StateBadge state={p.state} trans={trans} />
              {p.publish_at && (
                <span>{trans.__('at %1', inZone(p.publish_at, p.tz))}</span>
              )}
              {p.needs_attention.length > 0 && (
                <span className="jp-jms-Flag jp-jms-Attention">
                  {trans.__(
                    'needs a person: %1',
                    p.channels
                      .filter(c => p.needs_attention.includes(c.channel))
                      .map(c => `${c.channel} (${c.state})`)
                      .join(', ')
                  )}
                </span>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * A draft's state as a coloured badge (the colour comes from the state's class).
 */
export function StateBadge(props: {
  state: string;
  trans: TranslationBundle;
}): JSX.Element {
  return (
    <span
      className={`jp-jms-State jp-jms-State-${props.state}`}
      data-state={props.state}
    >
      {stateLabel(props.trans, props.state)}
    </span>
  );
}

function ChannelRow(props: {
  channel: IChannel;
  trans: TranslationBundle;
}): JSX.Element {
  const { channel: c, trans } = props;
  return (
    <li className="jp-jms-ChannelRow" data-channel-id={c.id}>
      <span className="jp-jms-ChannelRow-name">
        {isWebUrl(c.url) ? (
          <a href={c.url} target="_blank" rel="noopener noreferrer">
            {c.name}
          </a>
        ) : (
          c.name
        )}
      </span>
      <span className="jp-jms-ChannelRow-meta">
        {c.preferred && (
          <span className="jp-jms-Flag">{trans.__('preferred')}</span>
        )}
        <span>{c.platform}</span>
        {c.char_limit !== null && (
          <span>{trans.__('%1 characters', c.char_limit)}</span>
        )}
      </span>
    </li>
  );
}
