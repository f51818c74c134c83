import { TranslationBundle } from '@jupyterlab/translation';
import { ServerConnection } from '@jupyterlab/services';
import * as React from 'react';

import {
  ExportFormat,
  IChannelOutcome,
  IDownload,
  PublicationModel
} from '../publicationModel';
import { ReviewModel } from '../reviewModel';
import { isWebUrl } from './text';

/**
 * The draft states whose review view shows the Publishing section.
 */
const SHOWN_STATES = ['approved', 'scheduled', 'published'];

/**
 * The server settings of a review's API client, so that the section talks to the same
 * server, with the same authentication, as the rest of the view.
 */
function settingsOf(review: ReviewModel): ServerConnection.ISettings {
  return review.client.serverSettings;
}

/**
 * Save a downloaded file the way a browser link would.
 */
export function saveDownload(file: IDownload): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The Publishing section of a draft's review view: loads the draft's publication each
 * time the review loads, for approved, scheduled and published drafts.
 */
export function PublicationSection(props: {
  review: ReviewModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { review } = props;
  const draft = review.draft;
  const shown = draft !== null && SHOWN_STATES.includes(draft.state);
  const model = React.useMemo(
    () => new PublicationModel(settingsOf(review), review.draftId),
    [review]
  );
  const loaded = review.loadedAt?.getTime() ?? 0;
  React.useEffect(() => {
    if (shown) {
      void model.load();
    }
  }, [model, shown, loaded]);
  if (!shown) {
    return null;
  }
  return (
    <PublicationView
      model={model}
      trans={props.trans}
      canPublish={review.can('schedule') || review.can('publish')}
      onActed={() => void review.load().catch(() => undefined)}
      onSave={saveDownload}
    />
  );
}

export interface IPublicationViewProps {
  model: PublicationModel;
  trans: TranslationBundle;
  /**
   * Whether the server lets the caller publish or schedule this draft now.
   */
  canPublish: boolean;
  /**
   * Called after an action changed the draft.
   */
  onActed: () => void;
  onSave: (file: IDownload) => void;
}

/**
 * What the Publishing section shows for the state of its model.
 */
export function PublicationView(props: IPublicationViewProps): JSX.Element {
  const { model, trans } = props;
  // Render again whenever the model loads or acts.
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const changed = () => setTick(t => t + 1);
    model.changed.connect(changed);
    return () => {
      model.changed.disconnect(changed);
    };
  }, [model]);
  const pub = model.publication;
  return (
    <section
      className="jp-jms-Section jp-jms-Publication"
      data-section="publishing"
    >
      <h3>{trans.__('Publishing')}</h3>
      {model.error && (
        <p className="jp-jms-Error" role="alert">
          {trans.__('Could not load the publication: %1', model.error)}
        </p>
      )}
      {!pub && !model.error && (
        <p className="jp-jms-Muted">{trans.__('Loading…')}</p>
      )}
      {pub && (
        <>
          <Schedule
            model={model}
            trans={trans}
            canPublish={props.canPublish}
            onActed={props.onActed}
          />
          {pub.image && (
            <p className="jp-jms-Publication-image" data-part="image">
              {trans.__('Cover image alt text: %1', pub.image.alt || '—')}
              {!pub.image.attached && (
                <span className="jp-jms-Flag">
                  {trans.__('not attached to a Markdown cell: not posted')}
                </span>
              )}
            </p>
          )}
          <Exports
            model={model}
            trans={trans}
            formats={pub.exports.map(e => e.format)}
            onSave={props.onSave}
          />
          {pub.blog_url && (
            <p data-part="blog-url">
              {trans.__('Blog post:')} <ExternalLink url={pub.blog_url} />
            </p>
          )}
          {model.actionError && (
            <p className="jp-jms-Error" role="alert" data-part="action-error">
              {model.actionError}
            </p>
          )}
          <ul className="jp-jms-Publication-channels">
            {pub.channels.map(c => (
              <ChannelRow
                key={c.channel}
                outcome={c}
                model={model}
                trans={trans}
                onActed={props.onActed}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * A wall time with its zone, from the server's ISO 8601 time with offset.
 */
export function localTime(iso: string, tz: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return `${match ? `${match[1]} ${match[2]}` : iso} (${tz})`;
}

/**
 * The zone this browser runs in, offered for a new schedule.
 */
function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function Schedule(props: {
  model: PublicationModel;
  trans: TranslationBundle;
  canPublish: boolean;
  onActed: () => void;
}): JSX.Element {
  const { model, trans } = props;
  const pub = model.publication!;
  const [when, setWhen] = React.useState('');
  const [tz, setTz] = React.useState(() =>
    pub.state === 'scheduled' ? pub.tz : browserZone()
  );
  const act = async (at: string | null) => {
    if (await model.publish(at, tz.trim() || 'UTC')) {
      props.onActed();
    }
  };
  return (
    <div className="jp-jms-Publication-schedule" data-part="schedule">
      <p>
        {pub.publish_at_local
          ? trans.__('Publishes at %1', localTime(pub.publish_at_local, pub.tz))
          : trans.__('Not scheduled yet.')}
      </p>
      {props.canPublish && (
        <div className="jp-jms-Publication-actions">
          <label className="jp-jms-Field-inline">
            {trans.__('At')}
            <input
              type="datetime-local"
              name="publish_at"
              value={when}
              onChange={e => setWhen(e.target.value)}
            />
          </label>
          <label className="jp-jms-Field-inline">
            {trans.__('Time zone')}
            <input
              type="text"
              name="tz"
              value={tz}
              onChange={e => setTz(e.target.value)}
            />
          </label>
          <button
            className="jp-mod-styled"
            data-action="schedule"
            disabled={model.busy || !when}
            onClick={() => void act(when)}
          >
            {trans.__('Schedule')}
          </button>
          <button
            className="jp-mod-styled jp-mod-accept"
            data-action="publish-now"
            disabled={model.busy}
            onClick={() => void act(null)}
          >
            {trans.__('Publish now')}
          </button>
        </div>
      )}
    </div>
  );
}

function exportLabel(trans: TranslationBundle, format: ExportFormat): string {
  switch (format) {
    case 'html':
      return trans.__('HTML');
    case 'md':
      return trans.__('Markdown and images (zip)');
    case 'static':
      return trans.__('Static-site Markdown with front matter (zip)');
    default:
      return format;
  }
}

function Exports(props: {
  model: PublicationModel;
  trans: TranslationBundle;
  formats: ExportFormat[];
  onSave: (file: IDownload) => void;
}): JSX.Element | null {
  const { model, trans } = props;
  if (props.formats.length === 0) {
    return null;
  }
  return (
    <div className="jp-jms-Publication-exports" data-part="exports">
      <span>{trans.__('Blog export:')}</span>
      {props.formats.map(f => (
        <button
          key={f}
          className="jp-jms-LinkButton"
          data-export={f}
          onClick={() =>
            void model.download(f).then(file => file && props.onSave(file))
          }
        >
          {exportLabel(trans, f)}
        </button>
      ))}
    </div>
  );
}

function outcomeLabel(
  trans: TranslationBundle,
  state: IChannelOutcome['state']
): string {
  switch (state) {
    case null:
      return trans.__('not scheduled');
    case 'queued':
      return trans.__('queued');
    case 'claimed':
      return trans.__('posting');
    case 'posted':
      return trans.__('posted');
    case 'failed':
      return trans.__('failed');
    case 'unconfirmed':
      return trans.__('unconfirmed');
    case 'done':
      return trans.__('done');
    default:
      return String(state);
  }
}

function ExternalLink(props: { url: string; label?: string }): JSX.Element {
  return isWebUrl(props.url) ? (
    <a href={props.url} target="_blank" rel="noopener noreferrer">
      {props.label ?? props.url}
    </a>
  ) : (
    <span>{props.url}</span>
  );
}

function ChannelRow(props: {
  outcome: IChannelOutcome;
  model: PublicationModel;
  trans: TranslationBundle;
  onActed: () => void;
}): JSX.Element {
  const { outcome: c, model, trans } = props;
  const [url, setUrl] = React.useState('');
  const over = c.limit !== null && c.count > c.limit;
  const mark = async (m: 'done' | 'retry') => {
    if (await model.mark(c.channel, m, url.trim())) {
      setUrl('');
      props.onActed();
    }
  };
  return (
    <li
      className="jp-jms-Publication-channel"
      data-channel={c.channel}
      data-outcome={c.state ?? 'none'}
    >
      <div className="jp-jms-Publication-channelHead">
        <strong>{c.name || c.channel}</strong>{' '}
        <span className="jp-jms-Muted">{c.connector}</span>{' '}
        <span className={`jp-jms-Outcome jp-jms-Outcome-${c.state ?? 'none'}`}>
          {outcomeLabel(trans, c.state)}
        </span>
      </div>
      {c.text ? (
        <pre className="jp-jms-Publication-text">{c.text}</pre>
      ) : (
        c.connector !== 'blog_export' && (
          <p className="jp-jms-Muted">
            {trans.__('No text for this channel.')}
          </p>
        )
      )}
      {c.text && (
        <span
          className={`jp-jms-Publication-count${over ? ' jp-jms-Over' : ''}`}
          data-over={over ? 'true' : 'false'}
        >
          {c.limit !== null
            ? trans.__('%1 / %2', c.count, c.limit)
            : trans.__('%1 characters', c.count)}
        </span>
      )}
      {c.waiting_for_blog_url && !c.url && (
        <span className="jp-jms-Flag" data-part="waits">
          {trans.__('waits for the blog URL')}
        </span>
      )}
      {c.url && (
        <p data-part="link">
          <ExternalLink
            url={c.url}
            label={
              c.state === 'done'
                ? trans.__('Marked done: %1', c.url)
                : trans.__('Posted: %1', c.url)
            }
          />
        </p>
      )}
      {c.error && (
        <p
          className={
            c.state === 'failed' ? 'jp-jms-Error' : 'jp-jms-Publication-note'
          }
          data-part="error"
        >
          {c.state === 'unconfirmed'
            ? trans.__(
                'Whether it went out is unknown (%1). Check the channel, then mark it done or retry.',
                c.error
              )
            : c.error}
        </p>
      )}
      {c.state === 'unconfirmed' && !c.error && (
        <p className="jp-jms-Publication-note" data-part="error">
          {trans.__(
            'Whether it went out is unknown. Check the channel, then mark it done or retry.'
          )}
        </p>
      )}
      {c.marks.length > 0 && (
        <div className="jp-jms-Publication-marks">
          {c.marks.includes('done') && (
            <>
              <input
                type="url"
                name="url"
                placeholder={trans.__('URL where it went out')}
                aria-label={trans.__('URL where %1 went out', c.channel)}
                value={url}
                onChange={e => setUrl(e.target.value)}
              />
              <button
                className="jp-mod-styled"
                data-action="mark-done"
                disabled={model.busy || !url.trim()}
                onClick={() => void mark('done')}
              >
                {trans.__('Mark done')}
              </button>
            </>
          )}
          {c.marks.includes('retry') && (
            <button
              className="jp-mod-styled"
              data-action="retry"
              disabled={model.busy}
              onClick={() => void mark('retry')}
            >
              {trans.__('Retry')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
