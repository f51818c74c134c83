// Draft titles, comments and URLs here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { ReviewModel } from '../reviewModel';
import type { IDraftDetail } from '../types/drafts';
import type { IReview } from '../types/review';
import { ReviewView } from '../ui/review';
import { detail } from './fixtures';
import { fakeClient, Route } from './fakeServer';
import { Mounted, trans } from './render';

const CHECKLIST = {
  values: ['pass', 'fail', 'n/a'],
  items: [
    { id: 'accurate', label: 'Accurate', applies: true, derived: false },
    {
      id: 'vendor_neutral',
      label: 'Vendor neutral',
      applies: true,
      derived: false
    }
  ]
};

function review(overrides: Partial<IReview> = {}): IReview {
  return {
    id: '7',
    revision: 1,
    reviewer: 'ben',
    verdict: 'request_changes',
    checklist: { accurate: 'pass', vendor_neutral: 'fail' },
    comment: 'Name other vendors too.',
    created_at: '2026-11-30T10:00:00Z',
    voided: false,
    ...overrides
  };
}

/**
 * A server answering for draft 4 with `shown`, recording the POSTs it gets.
 */
function server(shown: Partial<IDraftDetail>) {
  const posts: unknown[] = [];
  const route: Route = s => {
    if (s.method === 'POST') {
      posts.push(s.body);
      return [201, { id: '4', state: 'rejected', version: 2 }];
    }
    if (s.path === 'drafts/4') {
      return [200, detail({ id: '4', title: 'A post', ...shown })];
    }
    if (s.path.startsWith('drafts/4/revisions/')) {
      return [200, { cells: [] }];
    }
    if (s.path === 'checks/checklist') {
      return [200, CHECKLIST];
    }
    return undefined;
  };
  return { route, posts };
}

async function mount(shown: Partial<IDraftDetail>) {
  const { route, posts } = server(shown);
  const model = new ReviewModel(fakeClient(route), '4');
  await model.load();
  const mounted = new Mounted(
    <ReviewView
      model={model}
      trans={trans}
      rendermime={null}
      commands={new CommandRegistry()}
      service={null}
      onShowCell={() => undefined}
    />
  );
  return { mounted, posts, node: mounted.node };
}

const dialog = () => document.querySelector('.jp-Dialog');

describe('the review flow without traps', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
    dialog()?.remove();
  });

  it('asks before rejecting, and rejects only once confirmed', async () => {
    const m = await mount({
      allowed_actions: ['approve', 'request_changes', 'reject', 'comment']
    });
    mounted = m.mounted;
    const comment = m.node.querySelector<HTMLTextAreaElement>(
      'textarea[name="verdict-comment"]'
    )!;
    m.mounted.type(comment, 'Off topic.');
    const reject = m.node.querySelector('[data-verdict="reject"]')!;

    await m.mounted.click(reject, () => dialog() !== null);
    expect(dialog()!.textContent).toContain('A rejected post is final');
    const cancel = document.querySelector('.jp-Dialog .jp-mod-reject')!;
    await m.mounted.click(cancel, () => dialog() === null);
    expect(m.posts).toEqual([]);
    expect(comment.value).toBe('Off topic.');

    await m.mounted.click(reject, () => dialog() !== null);
    const confirm = document.querySelector('.jp-Dialog .jp-mod-accept')!;
    await m.mounted.click(confirm, () => m.posts.length === 1);
    expect(m.posts[0]).toMatchObject({
      verdict: 'reject',
      comment: 'Off topic.'
    });
  });

  it('approves without asking', async () => {
    const m = await mount({ allowed_actions: ['approve', 'comment'] });
    mounted = m.mounted;
    const approve = m.node.querySelector('[data-verdict="approve"]')!;
    await m.mounted.click(approve, () => m.posts.length === 1);
    expect(dialog()).toBeNull();
  });

  it('shows a reviewer her verdict and prefills the form to change it', async () => {
    const mine = review({
      reviewer: 'ada',
      verdict: 'approve',
      checklist: { accurate: 'pass', vendor_neutral: 'pass' },
      comment: 'Clear and useful.'
    });
    const m = await mount({
      allowed_actions: ['approve', 'request_changes', 'reject', 'comment'],
      reviews: [mine],
      my_review: mine
    });
    mounted = m.mounted;
    const panel = m.node.querySelector('[data-section="verdict"]')!;
    expect(panel.querySelector('h3')?.textContent).toBe('Change your verdict');
    expect(panel.querySelector('.jp-jms-MyVerdict')?.textContent).toBe(
      'Your verdict on revision 1: approved. Giving another replaces it.'
    );
    expect(
      panel.querySelector<HTMLTextAreaElement>(
        'textarea[name="verdict-comment"]'
      )?.value
    ).toBe('Clear and useful.');
    const checked = Array.from(
      panel.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked')
    ).map(i => i.value);
    expect(checked).toEqual(['pass', 'pass']);

    const requestChanges = panel.querySelector(
      '[data-verdict="request_changes"]'
    )!;
    await m.mounted.click(requestChanges, () => m.posts.length === 1);
    expect(m.posts[0]).toMatchObject({
      verdict: 'request_changes',
      checklist: { accurate: 'pass', vendor_neutral: 'pass' },
      comment: 'Clear and useful.'
    });
  });

  it('shows a vetter her vetting and lets her change it', async () => {
    const m = await mount({
      language: 'es',
      needs_vetting: true,
      allowed_actions: ['vet', 'comment'],
      my_vetting: {
        id: '3',
        revision: 1,
        vetter: 'carla',
        language: 'es',
        verdict: 'approve',
        comment: 'Bien.',
        created_at: null,
        voided: false
      } as IDraftDetail['vettings'][number]
    });
    mounted = m.mounted;
    const panel = m.node.querySelector('[data-section="vet"]')!;
    expect(panel.querySelector('h3')?.textContent).toBe(
      'Change your vetting (es)'
    );
    expect(panel.textContent).toContain(
      'You approved the language of revision 1.'
    );
    expect(panel.querySelector('textarea')?.value).toBe('Bien.');
  });

  it('shows the author which checklist items failed with the verdict', async () => {
    const m = await mount({ reviews: [review()] });
    mounted = m.mounted;
    const failed = m.node.querySelector(
      '[data-section="reviews"] [data-failed-items]'
    );
    expect(failed?.textContent).toBe('Failed: Vendor neutral');
    expect(m.node.querySelector('[data-section="verdict"]')).toBeNull();
  });

  it('lists where a published post went out, with links', async () => {
    const m = await mount({
      state: 'published',
      publications: [
        {
          channel: 'blog',
          url: 'https://blog.jupyter.org/a-post',
          published_at: '2026-12-01T09:00:00Z',
          recorded_by: 'ada'
        }
      ]
    });
    mounted = m.mounted;
    const section = m.node.querySelector('[data-section="published"]')!;
    expect(section.querySelector('h3')?.textContent).toBe('Published at');
    const link = section.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://blog.jupyter.org/a-post');
    expect(link.textContent).toBe('https://blog.jupyter.org/a-post');
  });
});
