import { TranslationBundle } from '@jupyterlab/translation';
import { ServerConnection } from '@jupyterlab/services';
import * as React from 'react';

import { IDownload, PublicationModel } from '../publicationModel';
import { ReviewModel } from '../reviewModel';
import { ChannelRow, ExternalLink } from './publicationChannel';
import { Exports, Schedule } from './publicationSchedule';

export { localTime } from './publicationSchedule';

/**
 * The draft states whose review view shows the Publishing section.
 */
const SHOWN_STATES = ['approved', 'scheduled', 'published'];

/**
 * Whether a draft in ``state`` has the Publishing section: there, and nowhere else in the
 * review view, it is scheduled, published now, and each channel (the blog's URL included)
 * marked done or retried.
 */
export function publishingShown(state: string | undefined): boolean {
  return state !== undefined && SHOWN_STATES.includes(state);
}

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
  const shown = draft !== null && publishingShown(draft.state);
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
