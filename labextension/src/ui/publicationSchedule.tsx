import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ExportFormat, IDownload, PublicationModel } from '../publicationModel';

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

export function Schedule(props: {
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

export function Exports(props: {
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
