// Post texts and channel names here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */

/**
 * The sidebar's list of posts to publish, for those the server gives it to.
 */

import * as React from 'react';

import { SidebarModel } from '../sidebarModel';
import { SidebarView } from '../ui/sidebar';
import { draft } from './fixtures';
import { fakeClient, meBody } from './fakeServer';
import { Mounted, trans } from './render';

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
