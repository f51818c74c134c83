// Draft titles here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { ReviewModel } from '../reviewModel';
import { IServiceInfo, serviceOf } from '../service';
import { ReviewView } from '../ui/review';
import { detail } from './fixtures';
import {
  failureSentence,
  fakeClient,
  meBody,
  Route,
  SERVICE_FAILURES,
  SERVICE_URL
} from './fakeServer';
import { Mounted, trans } from './render';

const SERVICE = serviceOf(meBody({ service: { url: SERVICE_URL } }));

/**
 * A draft ada may approve; `failing()` names the status the service fails with, if any,
 * for the POSTs (`posts`) or for everything (`all`).
 */
function server(failing: () => { status: number; on: 'posts' | 'all' } | null) {
  const posts: unknown[] = [];
  const route: Route = s => {
    const f = failing();
    if (f && (f.on === 'all' || s.method === 'POST')) {
      return SERVICE_FAILURES[f.status];
    }
    if (s.method === 'POST') {
      posts.push(s.body);
      return [201, { id: '4', state: 'approved', version: 2 }];
    }
    if (s.path === 'drafts/4') {
      return [
        200,
        detail({
          id: '4',
          title: 'Kept on screen',
          allowed_actions: ['approve', 'comment']
        })
      ];
    }
    if (s.path.startsWith('drafts/4/revisions/')) {
      return [200, { cells: [] }];
    }
    if (s.path === 'checks/checklist') {
      return [200, { values: ['pass', 'fail'], items: [] }];
    }
    return undefined;
  };
  return { route, posts };
}

function view(
  model: ReviewModel,
  service: IServiceInfo | null
): React.ReactElement {
  return (
    <ReviewView
      model={model}
      trans={trans}
      rendermime={null}
      commands={new CommandRegistry()}
      service={service}
      onShowCell={() => undefined}
    />
  );
}

describe('ReviewView', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  it('says which service a connected Lab reviews on, and nothing on a personal server', async () => {
    const model = new ReviewModel(fakeClient(server(() => null).route), '4');
    await model.load();

    mounted = new Mounted(view(model, SERVICE));
    const line = mounted.node.querySelector('.jp-jms-Service');
    expect(line?.textContent).toBe('Connected to jms.example.org:8443');
    expect(line?.getAttribute('title')).toContain(SERVICE_URL);

    mounted.rerender(view(model, null));
    expect(mounted.node.querySelector('.jp-jms-Service')).toBeNull();
  });

  it.each([401, 502, 503, 504])(
    'shows the sentence of a %i on a verdict and keeps the comment typed',
    async status => {
      let failing: { status: number; on: 'posts' | 'all' } | null = null;
      const { route, posts } = server(() => failing);
      const model = new ReviewModel(fakeClient(route), '4');
      await model.load();
      mounted = new Mounted(view(model, SERVICE));
      const node = mounted.node;
      const comment = node.querySelector<HTMLTextAreaElement>(
        'textarea[name="verdict-comment"]'
      )!;
      mounted.type(comment, 'Lovely post');
      failing = { status, on: 'posts' };

      const approve = node.querySelector('[data-verdict="approve"]')!;
      await mounted.click(
        approve,
        () =>
          node.querySelector('[data-section="verdict"] [role="alert"]') !== null
      );

      const alert = node.querySelector(
        '[data-section="verdict"] [role="alert"]'
      );
      expect(alert?.textContent).toContain(failureSentence(status));
      expect(comment.value).toBe('Lovely post');
      expect((approve as HTMLButtonElement).disabled).toBe(false);
      expect(posts).toEqual([]);

      // The service is back: the same click goes through with the same comment.
      failing = null;
      await mounted.click(approve, () => posts.length === 1);
      expect(posts[0]).toMatchObject({
        verdict: 'approve',
        comment: 'Lovely post'
      });
    }
  );

  it('marks the draft shown as out of date when a refresh fails, until one succeeds', async () => {
    let failing: { status: number; on: 'posts' | 'all' } | null = null;
    const model = new ReviewModel(fakeClient(server(() => failing).route), '4');
    await model.load();
    failing = { status: 502, on: 'all' };
    await model.load().catch(() => undefined);

    mounted = new Mounted(view(model, SERVICE));
    const content = mounted.node.querySelector('.jp-jms-Review-content');
    expect(content?.getAttribute('data-stale')).toBe('true');
    const alert = mounted.node.querySelector('.jp-jms-Error[role="alert"]');
    expect(alert?.getAttribute('data-status')).toBe('502');
    expect(alert?.textContent).toContain(failureSentence(502));
    expect(alert?.textContent).toContain('may be out of date');
    expect(mounted.node.textContent).toContain('Kept on screen');

    failing = null;
    await model.load();
    mounted.rerender(view(model, SERVICE));
    expect(
      mounted.node
        .querySelector('.jp-jms-Review-content')
        ?.getAttribute('data-stale')
    ).toBe('false');
    expect(mounted.node.querySelector('.jp-jms-Error')).toBeNull();
  });

  it('shows the sentence when the draft cannot be loaded at all', async () => {
    const model = new ReviewModel(
      fakeClient(() => SERVICE_FAILURES[401]),
      '4'
    );
    await model.load().catch(() => undefined);

    mounted = new Mounted(view(model, SERVICE));

    const alert = mounted.node.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(failureSentence(401));
    expect(alert?.textContent).toContain('jupyter jms connect');
    expect(alert?.textContent).not.toContain('out of date');
  });
});
