// Post texts and channel names here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */

/**
 * Each channel's outcome in the publication view: its exact text and count, what it waits
 * for, its link or failure, and marking it done, retrying it or recording the blog URL.
 */

import { loaded, outcome, publication, view } from './publicationFixtures';
import { Mounted } from './render';

describe('PublicationView channel outcomes', () => {
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
});
