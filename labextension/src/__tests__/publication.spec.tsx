// Post texts and channel names here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import {
  filenameOf,
  IChannelOutcome,
  IDownload,
  IPublication,
  PublicationModel
} from '../publicationModel';
import { ReviewModel } from '../reviewModel';
import { SidebarModel } from '../sidebarModel';
import { PublicationView } from '../ui/publication';
import { ReviewView } from '../ui/review';
import { SidebarView } from '../ui/sidebar';
import { detail, draft } from './fixtures';
import { fakeClient, ISeen, meBody, Route } from './fakeServer';
import { Mounted, trans } from './render';

function outcome(overrides: Partial<IChannelOutcome> = {}): IChannelOutcome {
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

function publication(overrides: Partial<IPublication> = {}): IPublication {
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
function server(
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

async function loaded(
  pub: IPublication,
  after?: (s: ISeen) => [number, unknown]
) {
  const { client, seen } = server(pub, after);
  const model = new PublicationModel(client.serverSettings, '4');
  await model.load();
  return { model, seen, client };
}

function view(
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

describe('PublicationView', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  it('shows each channel’s exact text with its count and limit, over the limit in red', async () => {
    const { model } = await loaded(
      publication({
        channels: [
          outcome({ text: 'Short and sweet', count: 15, limit: 500 }),
          outcome({
            channel: 'bluesky',
            name: 'Bluesky',
            connector: 'bluesky',
            text: 'x'.repeat(310),
            count: 310,
            limit: 300
          })
        ]
      })
    );
    mounted = new Mounted(view(model));
    const rows = mounted.node.querySelectorAll('[data-channel]');

    expect(rows[0].querySelector('pre')?.textContent).toBe('Short and sweet');
    expect(
      rows[0].querySelector('.jp-jms-Publication-count')?.textContent
    ).toBe('15 / 500');
    expect(rows[0].querySelector('.jp-jms-Over')).toBeNull();
    expect(
      rows[1].querySelector('.jp-jms-Publication-count')?.textContent
    ).toBe('310 / 300');
    expect(rows[1].querySelector('.jp-jms-Over')).not.toBeNull();
    expect(rows[1].getAttribute('data-outcome')).toBe('none');
  });

  it('says a text waits for the blog URL, and shows the cover image alt', async () => {
    const { model } = await loaded(
      publication({
        image: { path: 'cover.png', alt: 'A Jupyter moon', attached: false },
        channels: [
          outcome({ text: 'Read {blog_url}', waiting_for_blog_url: true })
        ]
      })
    );
    mounted = new Mounted(view(model));
    const node = mounted.node;

    expect(node.querySelector('[data-part="waits"]')?.textContent).toBe(
      'waits for the blog URL'
    );
    expect(node.querySelector('[data-part="image"]')?.textContent).toContain(
      'A Jupyter moon'
    );
    expect(node.querySelector('[data-part="image"]')?.textContent).toContain(
      'not posted'
    );
  });

  it('downloads each blog export through the Lab’s server connection', async () => {
    const { model, seen } = await loaded(publication());
    const saved: IDownload[] = [];
    mounted = new Mounted(view(model, { onSave: f => saved.push(f) }));
    const buttons = mounted.node.querySelectorAll('[data-export]');
    expect(Array.from(buttons).map(b => b.getAttribute('data-export'))).toEqual(
      ['html', 'md', 'static']
    );

    await mounted.click(buttons[1], () => saved.length === 1);

    const asked = seen.filter(s => s.path === 'drafts/4/export');
    expect(asked.map(s => s.query.get('format'))).toEqual(['md']);
    expect(saved[0].filename).toBe('draft-4.zip');
    expect(await saved[0].blob.text()).toContain('<html>post</html>');
  });

  it('shows the sentence when an export is refused', async () => {
    const failing = fakeClient(s =>
      s.path === 'drafts/4/export'
        ? [
            409,
            { message: 'Draft 4 is not approved.', reason: null, errors: [] }
          ]
        : [200, publication()]
    );
    const model = new PublicationModel(failing.serverSettings, '4');
    await model.load();
    mounted = new Mounted(view(model));

    await mounted.click(
      mounted.node.querySelector('[data-export="html"]')!,
      () => model.actionError !== null
    );

    expect(
      mounted.node.querySelector('[data-part="action-error"]')?.textContent
    ).toBe('Draft 4 is not approved.');
  });

  it('shows the schedule in its zone, with no actions unless the server allows them', async () => {
    const { model } = await loaded(
      publication({
        state: 'scheduled',
        publish_at: '2026-12-07T08:00:00+00:00',
        tz: 'Europe/Paris',
        publish_at_local: '2026-12-07T09:00:00+01:00'
      })
    );
    mounted = new Mounted(view(model));
    const schedule = mounted.node.querySelector('[data-part="schedule"]')!;

    expect(schedule.textContent).toContain(
      'Publishes at 2026-12-07 09:00 (Europe/Paris)'
    );
    expect(schedule.querySelector('[data-action="publish-now"]')).toBeNull();
    expect(schedule.querySelector('[data-action="schedule"]')).toBeNull();
  });

  it('publishes now at the version shown, then shows the queued channels', async () => {
    const queued = publication({
      state: 'scheduled',
      publish_at: '2026-12-06T20:00:00+00:00',
      publish_at_local: '2026-12-06T20:00:00+00:00',
      channels: [outcome({ state: 'queued' })]
    });
    const { model, seen } = await loaded(publication(), () => [200, queued]);
    mounted = new Mounted(view(model, { canPublish: true }));

    await mounted.click(
      mounted.node.querySelector('[data-action="publish-now"]')!,
      () => model.publication?.state === 'scheduled'
    );

    const post = seen.find(s => s.method === 'POST')!;
    expect(post.path).toBe('drafts/4/publish');
    expect(post.body).toMatchObject({ if_version: 7 });
    expect((post.body as Record<string, unknown>).publish_at).toBeUndefined();
    expect(
      mounted.node.querySelector('[data-channel="mastodon"]')?.textContent
    ).toContain('queued');
  });

  it('schedules at a wall time in the zone typed', async () => {
    const { model, seen } = await loaded(publication());
    mounted = new Mounted(view(model, { canPublish: true }));
    const node = mounted.node;
    const schedule = node.querySelector<HTMLButtonElement>(
      '[data-action="schedule"]'
    )!;
    expect(schedule.disabled).toBe(true);

    mounted.type(
      node.querySelector<HTMLInputElement>('input[name="publish_at"]')!,
      '2026-12-24T09:30'
    );
    mounted.type(
      node.querySelector<HTMLInputElement>('input[name="tz"]')!,
      'America/New_York'
    );
    await mounted.click(schedule, () => seen.some(s => s.method === 'POST'));

    expect(seen.find(s => s.method === 'POST')?.body).toEqual({
      if_version: 7,
      publish_at: '2026-12-24T09:30',
      tz: 'America/New_York'
    });
  });

  it('shows the server’s refusal of a publish and changes nothing shown', async () => {
    const { model } = await loaded(publication(), () => [
      409,
      {
        message: "The text for 'bluesky' is 310 graphemes; the limit is 300.",
        reason: null,
        errors: []
      }
    ]);
    mounted = new Mounted(view(model, { canPublish: true }));

    await mounted.click(
      mounted.node.querySelector('[data-action="publish-now"]')!,
      () => model.actionError !== null
    );

    expect(mounted.node.textContent).toContain('310 graphemes');
    expect(model.publication?.state).toBe('approved');
  });

  it('shows each outcome: posted with its link, failed with the platform’s message, unconfirmed', async () => {
    const { model } = await loaded(
      publication({
        state: 'scheduled',
        channels: [
          outcome({
            state: 'posted',
            url: 'https://hachyderm.io/@jupyter/1'
          }),
          outcome({
            channel: 'bluesky',
            connector: 'bluesky',
            state: 'failed',
            error: 'Invalid app password',
            marks: ['retry']
          }),
          outcome({
            channel: 'linkedin',
            connector: 'manual',
            state: 'unconfirmed',
            error: 'timed out',
            marks: ['done', 'retry']
          })
        ]
      })
    );
    mounted = new Mounted(view(model));
    const row = (c: string) =>
      mounted!.node.querySelector(`[data-channel="${c}"]`)!;

    const link = row('mastodon').querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://hachyderm.io/@jupyter/1');
    expect(row('mastodon').querySelector('[data-action]')).toBeNull();

    expect(row('bluesky').querySelector('.jp-jms-Error')?.textContent).toBe(
      'Invalid app password'
    );
    expect(
      row('bluesky').querySelector('[data-action="retry"]')
    ).not.toBeNull();
    expect(
      row('bluesky').querySelector('[data-action="mark-done"]')
    ).toBeNull();

    expect(row('linkedin').getAttribute('data-outcome')).toBe('unconfirmed');
    expect(row('linkedin').textContent).toContain('unknown (timed out)');
    expect(
      row('linkedin').querySelector('[data-action="mark-done"]')
    ).not.toBeNull();
    expect(
      row('linkedin').querySelector('[data-action="retry"]')
    ).not.toBeNull();
  });

  it('marks a channel done with its URL, and retries another', async () => {
    const pub = publication({
      state: 'scheduled',
      channels: [
        outcome({
          channel: 'blog',
          connector: 'blog_export',
          text: '',
          count: 0,
          limit: null,
          state: 'queued',
          marks: ['done'],
          version: 3
        }),
        outcome({ state: 'failed', error: 'boom', marks: ['retry'] })
      ]
    });
    const { model, seen } = await loaded(pub);
    mounted = new Mounted(view(model));
    const node = mounted.node;
    const blog = node.querySelector('[data-channel="blog"]')!;
    mounted.type(
      blog.querySelector<HTMLInputElement>('input[name="url"]')!,
      'https://blog.jupyter.org/post'
    );
    await mounted.click(blog.querySelector('[data-action="mark-done"]')!, () =>
      seen.some(s => s.method === 'POST')
    );
    await mounted.click(
      node.querySelector('[data-channel="mastodon"] [data-action="retry"]')!,
      () => seen.filter(s => s.method === 'POST').length === 2
    );

    const posts = seen.filter(s => s.method === 'POST');
    expect(posts[0].path).toBe('drafts/4/channels/blog/mark');
    expect(posts[0].body).toEqual({
      mark: 'done',
      url: 'https://blog.jupyter.org/post',
      if_version: 3
    });
    expect(posts[1].path).toBe('drafts/4/channels/mastodon/mark');
    expect(posts[1].body).toEqual({ mark: 'retry', if_version: 0 });
  });

  it('records the blog URL in the blog row, keeps it typed when refused, and says how long a URL fits', async () => {
    let refuse = true;
    const pub = publication({
      state: 'scheduled',
      channels: [
        outcome({
          channel: 'blog',
          connector: 'blog_export',
          text: '',
          count: 0,
          limit: null,
          state: 'queued',
          marks: ['done'],
          version: 3
        }),
        outcome({
          channel: 'bluesky',
          connector: 'bluesky',
          text: 'New {blog_url}',
          count: 4,
          limit: 300,
          state: 'queued',
          waiting_for_blog_url: true,
          blog_url_room: 296
        })
      ]
    });
    const { model, seen } = await loaded(pub, () =>
      refuse
        ? [
            409,
            {
              message:
                'This blog URL would put a social text over its limit: Bluesky: record a blog URL of at most 296 characters.',
              reason: 'conflict',
              errors: []
            }
          ]
        : [200, pub]
    );
    mounted = new Mounted(view(model));
    const node = mounted.node;
    expect(
      node.querySelector('[data-channel="bluesky"] [data-part="waits"]')
        ?.textContent
    ).toBe('waits for the blog URL (at most 296 characters fit)');
    const blog = node.querySelector('[data-channel="blog"]')!;
    const input = blog.querySelector<HTMLInputElement>('input[name="url"]')!;
    expect(input.getAttribute('aria-label')).toBe('The blog post’s URL (blog)');
    const record = blog.querySelector('[data-action="mark-done"]')!;
    expect(record.textContent).toBe('Record the blog URL');
    mounted.type(input, 'https://blog.jupyter.org/a-long-one');
    await mounted.click(
      record,
      () => node.querySelector('[data-part="action-error"]') !== null
    );
    expect(
      node.querySelector('[data-part="action-error"]')?.textContent
    ).toContain('at most 296 characters');
    expect(input.value).toBe('https://blog.jupyter.org/a-long-one');

    refuse = false;
    await mounted.click(
      record,
      () => seen.filter(s => s.method === 'POST').length === 2
    );
    expect(seen.filter(s => s.method === 'POST')[1].body).toEqual({
      mark: 'done',
      url: 'https://blog.jupyter.org/a-long-one',
      if_version: 3
    });
  });

  it('shows the last attempt’s notes, such as a mention left as plain text', async () => {
    const note =
      '@nobody.bsky.social could not be resolved (Unable to resolve handle): it went out as plain text, not as a mention.';
    const { model } = await loaded(
      publication({
        state: 'published',
        channels: [
          outcome({
            channel: 'bluesky',
            connector: 'bluesky',
            state: 'posted',
            url: 'https://bsky.app/profile/jupyter.org/post/3k',
            attempts: [{ n: 1, outcome: 'posted', notes: [note] }]
          })
        ]
      })
    );
    mounted = new Mounted(view(model));
    expect(mounted.node.querySelector('[data-part="note"]')?.textContent).toBe(
      note
    );
  });

  it('reads the file name the server gives', () => {
    expect(filenameOf('attachment; filename="post-4.zip"')).toBe('post-4.zip');
    expect(filenameOf(null)).toBeNull();
  });
});

describe('ReviewView publishing section', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  function reviewServer(state: 'approved' | 'in_review') {
    const seen: ISeen[] = [];
    const client = fakeClient(s => {
      if (s.path === 'drafts/4') {
        return [
          200,
          detail({ id: '4', state, allowed_actions: ['schedule', 'publish'] })
        ];
      }
      if (s.path === 'drafts/4/publication') {
        return [200, publication()];
      }
      if (s.path.startsWith('drafts/4/revisions/')) {
        return [200, { cells: [] }];
      }
      if (s.path === 'checks/checklist') {
        return [200, { values: ['pass', 'fail'], items: [] }];
      }
      return undefined;
    }, seen);
    return { client, seen };
  }

  function review(model: ReviewModel): React.ReactElement {
    return (
      <ReviewView
        model={model}
        trans={trans}
        rendermime={null}
        commands={new CommandRegistry()}
        service={null}
        onShowCell={() => undefined}
      />
    );
  }

  it('shows an approved draft’s publication with the actions the server allows', async () => {
    const { client } = reviewServer('approved');
    const model = new ReviewModel(client, '4');
    await model.load();
    mounted = new Mounted(review(model));
    const section = () =>
      mounted!.node.querySelector('[data-section="publishing"]');
    await mounted.click(mounted.node, () =>
      Boolean(section()?.querySelector('[data-channel="mastodon"]'))
    );

    expect(section()?.querySelector('pre')?.textContent).toBe('Read the post');
    expect(
      section()?.querySelector('[data-action="publish-now"]')
    ).not.toBeNull();
  });

  it('has one place to publish and record URLs: no Schedule or Record publication transition', async () => {
    const client = fakeClient(s => {
      if (s.path === 'drafts/4') {
        return [
          200,
          detail({
            id: '4',
            state: 'scheduled',
            channels: ['blog'],
            allowed_actions: ['withdraw', 'schedule', 'publish']
          })
        ];
      }
      if (s.path === 'drafts/4/publication') {
        return [200, publication({ state: 'scheduled' })];
      }
      return s.path.startsWith('drafts/4/revisions/')
        ? [200, { cells: [] }]
        : undefined;
    });
    const model = new ReviewModel(client, '4');
    await model.load();
    mounted = new Mounted(review(model));
    const node = mounted.node;
    await mounted.click(node, () =>
      Boolean(node.querySelector('[data-section="publishing"] [data-channel]'))
    );
    const transitions = Array.from(
      node.querySelectorAll('[data-section="transitions"] [data-action]')
    ).map(b => b.getAttribute('data-action'));
    expect(transitions).toEqual(['withdraw']);
    expect(node.textContent).not.toContain('Record publication');
    const publishing = node.querySelector('[data-section="publishing"]')!;
    expect(
      publishing.querySelector('[data-action="publish-now"]')
    ).not.toBeNull();
    expect(publishing.querySelector('[data-action="schedule"]')).not.toBeNull();
  });

  it('shows no publishing section while the draft is in review', async () => {
    const { client, seen } = reviewServer('in_review');
    const model = new ReviewModel(client, '4');
    await model.load();
    mounted = new Mounted(review(model));

    expect(
      mounted.node.querySelector('[data-section="publishing"]')
    ).toBeNull();
    expect(seen.some(s => s.path === 'drafts/4/publication')).toBe(false);
  });
});

describe('SidebarView to publish', () => {
  function sidebar(publications: [number, unknown]) {
    const client = fakeClient(s => {
      if (s.path === 'drafts') {
        return [200, { items: [draft({ id: '7' })], next: null }];
      }
      if (s.path === 'channels') {
        return [200, { items: [] }];
      }
      if (s.path === 'publications') {
        return publications;
      }
      return undefined;
    });
    return new SidebarModel(client, () =>
      Promise.resolve(
        meBody({ roles: ['editor'], review_queue: { states: ['submitted'] } })
      )
    );
  }

  function render(model: SidebarModel, opened: string[] = []): Mounted {
    return new Mounted(
      <SidebarView
        model={model}
        trans={trans}
        onRefresh={() => undefined}
        onOpen={id => opened.push(id)}
        onSubmit={() => undefined}
      />
    );
  }

  it('lists the posts to publish, those needing a person flagged, and opens their review', async () => {
    const model = sidebar([
      200,
      {
        items: [
          {
            id: '9',
            title: 'Stuck',
            state: 'scheduled',
            publish_at: '2026-12-07T08:00:00+00:00',
            tz: 'Europe/Paris',
            channels: [
              { channel: 'mastodon', state: 'unconfirmed' },
              { channel: 'blog', state: 'queued' }
            ],
            needs_attention: ['mastodon']
          },
          {
            id: '8',
            title: 'Ready',
            state: 'approved',
            publish_at: null,
            tz: 'UTC',
            channels: [{ channel: 'blog', state: null }],
            needs_attention: []
          }
        ]
      }
    ]);
    await model.refresh();
    const opened: string[] = [];
    const mounted = render(model, opened);
    const section = mounted.node.querySelector('[data-section="to-publish"]')!;
    const rows = section.querySelectorAll<HTMLButtonElement>('[data-draft-id]');

    expect(Array.from(rows).map(r => r.dataset.draftId)).toEqual(['9', '8']);
    expect(rows[0].textContent).toContain(
      'needs a person: mastodon (unconfirmed)'
    );
    expect(rows[0].textContent).toContain('2026-12-07 09:00 (Europe/Paris)');
    expect(rows[1].dataset.attention).toBe('false');
    React.act(() => rows[0].click());
    expect(opened).toEqual(['9']);
    mounted.unmount();
  });

  it('shows no list when the server gives it to someone else only', async () => {
    const model = sidebar([
      403,
      {
        message: 'The list of posts to publish is for editors.',
        reason: null,
        errors: []
      }
    ]);
    await model.refresh();
    const mounted = render(model);

    expect(model.error).toBeNull();
    expect(
      mounted.node.querySelector('[data-section="to-publish"]')
    ).toBeNull();
    mounted.unmount();
  });
});
