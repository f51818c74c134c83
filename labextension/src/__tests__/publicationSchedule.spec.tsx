/**
 * Publishing now or at a time: the schedule in its zone, the actions the server allows,
 * refusals, and the review view's publishing section that holds them.
 */

import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { ReviewModel } from '../reviewModel';
import { ReviewView } from '../ui/review';
import { detail } from './fixtures';
import { fakeClient, ISeen } from './fakeServer';
import { loaded, outcome, publication, view } from './publicationFixtures';
import { Mounted, trans } from './render';

describe('PublicationView schedule', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
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
