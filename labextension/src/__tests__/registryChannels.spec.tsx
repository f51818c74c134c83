import * as React from 'react';

import { ChannelsTab } from '../registry/channels';
import { PageTab } from '../registry/page';
import type { IRegistryChannel } from '../registry/registryApi';
import { fakeClient, ISeen, Route } from './fakeServer';
import { ADMIN, button, channel, EDITOR, until } from './registryFixtures';
import { Mounted, trans } from './render';

const CHOICES = {
  kinds: ['blog', 'social'],
  modes: ['broadcast', 'two_way'],
  stewardship: ['primary', 'community'],
  connectors: ['mastodon', 'bluesky', 'blog_export', 'manual'],
  new_statuses: ['proposed', 'active']
};

/**
 * A registry server holding `channels`, applying PATCH and POST as the real one would for
 * valid input, and answering `refuse` (when set) to writes.
 */
function server(
  channels: IRegistryChannel[],
  refuse: [number, unknown] | null = null
): Route {
  return seen => {
    if (seen.path === 'channels' && seen.method === 'GET') {
      return [200, { items: channels, choices: CHOICES }];
    }
    if (refuse && seen.method !== 'GET') {
      return refuse;
    }
    if (seen.path === 'channels' && seen.method === 'POST') {
      const body = seen.body as IRegistryChannel;
      const made = channel({ ...body, preferred: false, version: 1 });
      channels.push(made);
      return [201, made];
    }
    const m = /^channels\/([^/]+)$/.exec(seen.path);
    if (m && seen.method === 'PATCH') {
      const i = channels.findIndex(c => c.id === m[1]);
      const body = seen.body as Partial<IRegistryChannel>;
      channels[i] = {
        ...channels[i],
        ...body,
        version: channels[i].version + 1
      };
      return [200, channels[i]];
    }
    return undefined;
  };
}

function mount(route: Route, me = ADMIN, seen: ISeen[] = []): Mounted {
  return new Mounted(
    <ChannelsTab
      client={fakeClient(route, seen)}
      me={me}
      trans={trans}
      changed={() => undefined}
    />
  );
}

function choose(select: HTMLSelectElement, value: string): void {
  React.act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const youtube = () =>
  channel({
    id: 'youtube',
    name: 'YouTube',
    kind: 'video',
    mode: 'broadcast',
    preferred: false,
    connector: 'manual',
    api_url: null,
    next_statuses: ['paused', 'retired']
  });

describe('ChannelsTab', () => {
  it('shows an editor the channels with their lifecycle, and nothing to change', async () => {
    const m = mount(
      server([
        channel(),
        youtube(),
        channel({
          id: 'facebook',
          name: 'Facebook',
          status: 'retired',
          preferred: false,
          retired_on: '2024-05-01',
          next_statuses: []
        })
      ]),
      EDITOR
    );
    await until(() => m.node.querySelector('tbody tr') !== null);

    const rows = m.node.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain('preferred');
    expect(rows[0].textContent).toContain('Two-way');
    expect(rows[2].textContent).toContain('Retired since 2024-05-01');
    expect(m.node.textContent).not.toContain('Change…');
    expect(m.node.textContent).not.toContain('Add a channel');
    m.unmount();
  });

  it('offers an admin only the statuses the channel may move to, and saves with its version', async () => {
    const seen: ISeen[] = [];
    const m = mount(server([channel(), youtube()]), ADMIN, seen);
    await until(() => m.node.querySelector('tbody tr') !== null);

    await m.click(
      m.node.querySelector('[data-channel-id="youtube"] button')!,
      () => m.node.querySelector('.jp-jms-ChannelEditor') !== null
    );
    const status = m.node.querySelector(
      '#jp-jms-channel-youtube-status'
    ) as HTMLSelectElement;
    expect(Array.from(status.options).map(o => o.value)).toEqual([
      'active',
      'paused',
      'retired'
    ]);
    choose(status, 'paused');
    m.type(
      m.node.querySelector('#jp-jms-channel-youtube-api') as HTMLInputElement,
      'https://www.googleapis.com/youtube/v3'
    );
    await m.click(button(m.node, 'Save'), () =>
      m.node.textContent!.includes('Channel “YouTube” saved.')
    );

    const patch = seen.find(s => s.method === 'PATCH');
    expect(patch?.path).toBe('channels/youtube');
    expect(patch?.body).toEqual({
      status: 'paused',
      api_url: 'https://www.googleapis.com/youtube/v3',
      if_version: 3
    });
    expect(
      m.node
        .querySelector('[data-channel-id="youtube"]')
        ?.getAttribute('data-status')
    ).toBe('paused');
    m.unmount();
  });

  it('moves the preferred flag with one button', async () => {
    const seen: ISeen[] = [];
    const m = mount(server([channel(), youtube()]), ADMIN, seen);
    await until(() => m.node.querySelector('tbody tr') !== null);
    await m.click(
      m.node.querySelector('[data-channel-id="youtube"] button')!,
      () => m.node.querySelector('.jp-jms-ChannelEditor') !== null
    );

    await m.click(button(m.node, 'Make preferred'), () =>
      m.node.textContent!.includes('is now the preferred channel')
    );

    expect(seen.find(s => s.method === 'PATCH')?.body).toEqual({
      preferred: true,
      if_version: 3
    });
    m.unmount();
  });

  it("shows the server's sentence when a change is refused, and keeps the form", async () => {
    const sentence =
      "The preferred channel 'mastodon' must be active, not paused.";
    const m = mount(
      server(
        [channel()],
        [409, { message: sentence, reason: null, errors: [] }]
      )
    );
    await until(() => m.node.querySelector('tbody tr') !== null);
    await m.click(
      m.node.querySelector('[data-channel-id="mastodon"] button')!,
      () => m.node.querySelector('.jp-jms-ChannelEditor') !== null
    );
    choose(
      m.node.querySelector(
        '#jp-jms-channel-mastodon-status'
      ) as HTMLSelectElement,
      'paused'
    );

    await m.click(
      button(m.node, 'Save'),
      () =>
        m.node.querySelector('.jp-jms-ChannelEditor [role="alert"]') !== null
    );

    expect(
      m.node.querySelector('.jp-jms-ChannelEditor [role="alert"]')?.textContent
    ).toBe(sentence);
    m.unmount();
  });

  it('adds a channel from the values the server offers, leaving empty fields out', async () => {
    const seen: ISeen[] = [];
    const m = mount(server([channel()]), ADMIN, seen);
    await until(() => m.node.querySelector('tbody tr') !== null);
    await m.click(
      button(m.node, 'Add a channel…'),
      () => m.node.querySelector('.jp-jms-NewChannelForm') !== null
    );
    const kinds = m.node.querySelector(
      '#jp-jms-new-channel-kind'
    ) as HTMLSelectElement;
    expect(Array.from(kinds.options).map(o => o.value)).toEqual(CHOICES.kinds);

    m.type(
      m.node.querySelector('#jp-jms-new-channel-id') as HTMLInputElement,
      'bluesky'
    );
    m.type(
      m.node.querySelector('#jp-jms-new-channel-name') as HTMLInputElement,
      'Bluesky'
    );
    choose(kinds, 'social');
    await m.click(
      button(m.node, 'Add channel'),
      () => m.node.querySelector('[data-channel-id="bluesky"]') !== null
    );

    expect(seen.find(s => s.method === 'POST')?.body).toEqual({
      id: 'bluesky',
      name: 'Bluesky',
      kind: 'social',
      mode: 'broadcast',
      status: 'proposed'
    });
    expect(m.node.textContent).toContain('Channel “Bluesky” added.');
    m.unmount();
  });
});

describe('PageTab', () => {
  it('shows the generated page read only, without anything that could run', async () => {
    const m = new Mounted(
      <PageTab
        client={fakeClient(seen =>
          seen.path === 'page'
            ? [
                200,
                {
                  format: seen.query.get('format'),
                  content:
                    '<h1>Project Jupyter media</h1><p>Preferred: <a href="https://fosstodon.org/@ProjectJupyter">Mastodon</a></p><script>window.ran = true</script><img src="x" onerror="window.ran = true">',
                  channels: ['mastodon'],
                  preferred: 'mastodon'
                }
              ]
            : undefined
        )}
        me={EDITOR}
        trans={trans}
        changed={() => undefined}
      />
    );
    await until(() => m.node.querySelector('.jp-jms-PagePreview') !== null);

    const page = m.node.querySelector('.jp-jms-PagePreview')!;
    expect(page.querySelector('h1')?.textContent).toBe('Project Jupyter media');
    expect(page.querySelector('a')?.getAttribute('href')).toBe(
      'https://fosstodon.org/@ProjectJupyter'
    );
    expect(page.querySelector('script')).toBeNull();
    expect(page.innerHTML).not.toContain('onerror');
    expect(page.querySelector('input, textarea, button')).toBeNull();
    m.unmount();
  });
});

describe('PageTab links', () => {
  it('opens a link of the page in a new browser tab, leaving Lab in place', async () => {
    const opened: unknown[][] = [];
    const open = window.open;
    window.open = ((...args: unknown[]) => {
      opened.push(args);
      return null;
    }) as typeof window.open;
    const m = new Mounted(
      <PageTab
        client={fakeClient(() => [
          200,
          {
            format: 'html',
            content:
              '<p><a href="https://blog.jupyter.org">Jupyter Blog</a></p>',
            channels: ['blog'],
            preferred: null
          }
        ])}
        me={EDITOR}
        trans={trans}
        changed={() => undefined}
      />
    );
    await until(() => m.node.querySelector('.jp-jms-PagePreview a') !== null);

    const link = m.node.querySelector('.jp-jms-PagePreview a') as HTMLElement;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    React.act(() => {
      link.dispatchEvent(event);
    });

    expect(event.defaultPrevented).toBe(true);
    expect(opened).toEqual([
      ['https://blog.jupyter.org', '_blank', 'noopener,noreferrer']
    ]);
    window.open = open;
    m.unmount();
  });
});
