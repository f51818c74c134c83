/**
 * A publication of draft 4 as `GET drafts/4/publication` answers it, a fake server holding
 * it, and the publication view over it, for the publication specs.
 */

import * as React from 'react';

import {
  IChannelOutcome,
  IDownload,
  IPublication,
  PublicationModel
} from '../publicationModel';
import { PublicationView } from '../ui/publication';
import { fakeClient, ISeen, Route } from './fakeServer';
import { trans } from './render';

export function outcome(
  overrides: Partial<IChannelOutcome> = {}
): IChannelOutcome {
  return {
    channel: 'mastodon',
    name: 'Mastodon',
    connector: 'mastodon',
    state: null,
    text: 'Read the post',
    count: 13,
    limit: 500,
    waiting_for_blog_url: false,
    url: null,
    error: null,
    attempts: [],
    marks: [],
    version: 0,
    ...overrides
  };
}

export function publication(
  overrides: Partial<IPublication> = {}
): IPublication {
  return {
    draft: '4',
    state: 'approved',
    revision: 2,
    version: 7,
    publish_at: null,
    tz: 'UTC',
    publish_at_local: null,
    image: null,
    blog_url: null,
    channels: [outcome()],
    exports: [
      { format: 'html', path: 'drafts/4/export?format=html' },
      { format: 'md', path: 'drafts/4/export?format=md' },
      { format: 'static', path: 'drafts/4/export?format=static' }
    ],
    ...overrides
  };
}

/**
 * A server holding one publication; POSTs answer `after` (or an error) and are kept.
 */
export function server(
  pub: IPublication,
  after: (seen: ISeen) => [number, unknown] = () => [200, pub]
) {
  const seen: ISeen[] = [];
  const route: Route = s => {
    if (s.method === 'POST') {
      return after(s);
    }
    if (s.path === 'drafts/4/publication') {
      return [200, pub];
    }
    if (s.path === 'drafts/4/export') {
      return [200, '<html>post</html>'];
    }
    return undefined;
  };
  const client = fakeClient(route, seen);
  return { client, seen };
}

export async function loaded(
  pub: IPublication,
  after?: (s: ISeen) => [number, unknown]
) {
  const { client, seen } = server(pub, after);
  const model = new PublicationModel(client.serverSettings, '4');
  await model.load();
  return { model, seen, client };
}

export function view(
  model: PublicationModel,
  options: { canPublish?: boolean; onSave?: (f: IDownload) => void } = {}
): React.ReactElement {
  return (
    <PublicationView
      model={model}
      trans={trans}
      canPublish={options.canPublish ?? false}
      onActed={() => undefined}
      onSave={options.onSave ?? (() => undefined)}
    />
  );
}
