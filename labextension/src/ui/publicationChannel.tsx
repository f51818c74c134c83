import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IChannelOutcome, PublicationModel } from '../publicationModel';
import { isWebUrl } from './text';

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

/**
 * What the last attempt says a person should know (e.g. a mention left as plain text).
 */
function lastNotes(c: IChannelOutcome): string[] {
  const last = c.attempts[c.attempts.length - 1];
  const notes = last?.notes;
  return Array.isArray(notes) ? notes.map(String) : [];
}

export function ExternalLink(props: {
  url: string;
  label?: string;
}): JSX.Element {
  return isWebUrl(props.url) ? (
    <a href={props.url} target="_blank" rel="noopener noreferrer">
      {props.label ?? props.url}
    </a>
  ) : (
    <span>{props.url}</span>
  );
}

export function ChannelRow(props: {
  outcome: IChannelOutcome;
  model: PublicationModel;
  trans: TranslationBundle;
  onActed: () => void;
}): JSX.Element {
  const { outcome: c, model, trans } = props;
  const [url, setUrl] = React.useState('');
  const over = c.limit !== null && c.count > c.limit;
  const blog = c.connector === 'blog_export';
  const notes = lastNotes(c);
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
          {typeof c.blog_url_room === 'number'
            ? trans.__(
                'waits for the blog URL (at most %1 characters fit)',
                c.blog_url_room
              )
            : trans.__('waits for the blog URL')}
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
      {notes.map(n => (
        <p key={n} className="jp-jms-Publication-note" data-part="note">
          {n}
        </p>
      ))}
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
                placeholder={
                  blog
                    ? trans.__('The blog post’s URL')
                    : trans.__('URL where it went out')
                }
                aria-label={
                  blog
                    ? trans.__('The blog post’s URL (%1)', c.channel)
                    : trans.__('URL where %1 went out', c.channel)
                }
                value={url}
                onChange={e => setUrl(e.target.value)}
              />
              <button
                className="jp-mod-styled"
                data-action="mark-done"
                disabled={model.busy || !url.trim()}
                onClick={() => void mark('done')}
              >
                {blog ? trans.__('Record the blog URL') : trans.__('Mark done')}
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
