// Titles, options and names here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import * as React from 'react';

import type {
  IDecision,
  IDecisionDetail,
  ITally
} from '../registry/decisionsApi';
import { DecisionsView } from '../registry/decisions';
import {
  decisionActions,
  DecisionsModel,
  moveOption,
  parseOptions,
  parseUsernames,
  setPresent
} from '../registry/votes';
import type { Capability } from '../types/me';
import { fakeClient, ISeen, meBody, Route } from './fakeServer';
import { Mounted, trans } from './render';

function decision(overrides: Partial<IDecisionDetail> = {}): IDecisionDetail {
  return {
    id: '7',
    title: 'Which channel do we open next?',
    body: 'We can run one more.',
    link: 'https://github.com/jupyter/media-strategy/issues/1',
    method: 'ranked',
    status: 'open',
    options: ['Threads', 'LinkedIn', 'YouTube'],
    created_by: 'dana',
    called_by: 'dana',
    seconded_by: 'ada',
    eligible: ['ada', 'ben', 'dana'],
    present: [],
    period_days: 7,
    round: 1,
    quorum_needed: 2,
    opened_at: '2026-12-06T10:00:00Z',
    closes_at: '2026-12-13T10:00:00Z',
    closed_at: null,
    closed_by: null,
    outcome: null,
    winner: null,
    tally: {},
    channel: null,
    channel_action: null,
    voted: [],
    version: 3,
    created_at: '2026-12-06T10:00:00Z',
    updated_at: '2026-12-06T10:00:00Z',
    history: [],
    can_vote: true,
    allowed_actions: ['vote'],
    ...overrides
  };
}

const CLOSED_TALLY: ITally = {
  outcome: 'elected',
  eligible: 3,
  cast: 3,
  blank: 0,
  quorum: 2,
  counts: { Threads: 1, LinkedIn: 1, YouTube: 1 },
  winner: 'LinkedIn',
  tied: [],
  rounds: [
    { Threads: 1, LinkedIn: 1, YouTube: 1 },
    { LinkedIn: 2, Threads: 1 }
  ]
};

const ROSTER = [
  { username: 'ada', name: 'Ada', roles: ['editor'] },
  { username: 'ben', name: 'Ben', roles: ['editor'] },
  { username: 'carla', name: 'Carla', roles: ['council'] },
  { username: 'dana', name: 'Dana', roles: ['admin', 'chair'] }
];

/**
 * A server holding one decision; writes answer `write` (or apply as the API would).
 */
function server(
  held: IDecisionDetail,
  write?: (s: ISeen) => [number, unknown] | undefined
) {
  const seen: ISeen[] = [];
  let current = held;
  const route: Route = s => {
    if (s.method !== 'GET') {
      const answer = write?.(s);
      if (answer) {
        return answer;
      }
    }
    if (s.path === 'decisions' && s.method === 'GET') {
      return [200, { items: [current as IDecision] }];
    }
    if (s.path === 'decisions/7' && s.method === 'GET') {
      return [200, current];
    }
    if (s.path === 'members' && s.method === 'GET') {
      return [200, { items: ROSTER, role_names: [] }];
    }
    if (s.path === 'decisions/7' && s.method === 'PATCH') {
      const body = s.body as { status?: string };
      if (body.status === 'withdrawn') {
        current = {
          ...current,
          status: 'withdrawn',
          can_vote: false,
          allowed_actions: [],
          version: current.version + 1
        };
        return [200, current];
      }
    }
    if (s.path === 'decisions/7/votes') {
      current = {
        ...current,
        voted: [...current.voted, 'ada'],
        can_vote: false,
        allowed_actions: current.allowed_actions.filter(a => a !== 'vote')
      };
      return [
        201,
        {
          decision: '7',
          voter: 'ada',
          round: 1,
          choice: 'ranked',
          ranking: [],
          cast_at: ''
        }
      ];
    }
    if (s.path === 'decisions/7/close') {
      current = {
        ...current,
        status: 'closed',
        outcome: 'elected',
        winner: 'LinkedIn',
        tally: CLOSED_TALLY,
        can_vote: false,
        allowed_actions: [],
        version: current.version + 1
      };
      return [200, current];
    }
    return undefined;
  };
  return { client: fakeClient(route, seen), seen };
}

const ADMIN: Capability[] = ['administer_registry', 'read_governance', 'vote'];

async function loaded(
  held: IDecisionDetail,
  capabilities: Capability[],
  write?: (s: ISeen) => [number, unknown] | undefined
) {
  const { client, seen } = server(held, write);
  const model = new DecisionsModel(
    client,
    meBody({ username: 'ada', capabilities })
  );
  await model.load();
  await model.select('7');
  return { model, seen };
}

function view(
  model: DecisionsModel,
  changed: () => void = () => undefined
): React.ReactElement {
  return <DecisionsView model={model} trans={trans} changed={changed} />;
}

describe('ranking and form helpers', () => {
  it('moves an option one place, never out of the list', () => {
    const r = ['a', 'b', 'c'];
    expect(moveOption(r, 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveOption(r, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveOption(r, 0, -1)).toBe(r);
    expect(moveOption(r, 2, 1)).toBe(r);
    expect(r).toEqual(['a', 'b', 'c']);
  });

  it('reads options one per line, or comma separated on one line, and usernames', () => {
    expect(parseOptions(' Threads \n\nLinkedIn, or not\n')).toEqual([
      'Threads',
      'LinkedIn, or not'
    ]);
    expect(parseOptions('Threads, LinkedIn')).toEqual(['Threads', 'LinkedIn']);
    expect(parseUsernames('ada, ben  dana')).toEqual(['ada', 'ben', 'dana']);
  });

  it('offers exactly the actions the server allows', () => {
    expect(decisionActions(decision())).toEqual({
      vote: true,
      open: false,
      close: false,
      consensus: false,
      withdraw: false
    });
    expect(
      decisionActions(decision({ allowed_actions: ['close', 'withdraw'] }))
    ).toEqual({
      vote: false,
      open: false,
      close: true,
      consensus: false,
      withdraw: true
    });
    expect(
      decisionActions(
        decision({
          status: 'proposed',
          allowed_actions: ['call_vote', 'record_consensus', 'withdraw']
        })
      )
    ).toEqual({
      vote: false,
      open: true,
      close: false,
      consensus: true,
      withdraw: true
    });
    expect(decisionActions(decision({ allowed_actions: [] }))).toEqual({
      vote: false,
      open: false,
      close: false,
      consensus: false,
      withdraw: false
    });
  });

  it('keeps the present list in the roster’s order as members are ticked', () => {
    const roster = ['ada', 'ben', 'carla', 'dana'];
    expect(setPresent([], 'dana', true, roster)).toEqual(['dana']);
    expect(setPresent(['dana'], 'ada', true, roster)).toEqual(['ada', 'dana']);
    expect(setPresent(['ada', 'dana'], 'ada', false, roster)).toEqual(['dana']);
    expect(setPresent(['ada'], 'ada', true, roster)).toEqual(['ada']);
    // Someone the roster no longer lists stays ticked, after it.
    expect(setPresent(['old'], 'ben', true, roster)).toEqual(['ben', 'old']);
  });
});

describe('DecisionsView', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  it('casts a ranked ballot ordered with the up and down buttons', async () => {
    const { model, seen } = await loaded(decision(), ['vote']);
    let changed = 0;
    mounted = new Mounted(view(model, () => (changed += 1)));
    const node = mounted.node;
    const order = () =>
      Array.from(node.querySelectorAll('.jp-jms-Ranking li')).map(li =>
        li.getAttribute('data-option')
      );
    expect(order()).toEqual(['Threads', 'LinkedIn', 'YouTube']);
    const up = (option: string) =>
      node.querySelector(
        `.jp-jms-Ranking li[data-option="${option}"] button[data-move="up"]`
      ) as HTMLButtonElement;
    // The buttons are real, named buttons: reachable with Tab, and said aloud.
    expect(up('YouTube').getAttribute('aria-label')).toBe('Move YouTube up');
    expect(up('Threads').disabled).toBe(true);

    React.act(() => up('YouTube').click());
    React.act(() => up('YouTube').click());
    React.act(() =>
      (
        node.querySelector(
          '.jp-jms-Ranking li[data-option="YouTube"] button[data-move="down"]'
        ) as HTMLButtonElement
      ).click()
    );
    expect(order()).toEqual(['Threads', 'YouTube', 'LinkedIn']);

    await mounted.click(
      node.querySelector('button[data-choice="ranked"]')!,
      () => changed === 1
    );
    const post = seen.filter(s => s.method === 'POST');
    expect(post.map(s => [s.path, s.body])).toEqual([
      ['decisions/7/votes', { ranking: ['Threads', 'YouTube', 'LinkedIn'] }]
    ]);
    expect(node.querySelector('[role="status"]')?.textContent).toBe(
      'Ballot cast.'
    );
    // The server says she has voted: no second ballot is offered.
    expect(node.querySelector('.jp-jms-Ballot')).toBeNull();
    expect(node.textContent).toContain('You have voted in this round.');
    // Only an admin closes a vote.
    expect(node.querySelector('[data-action="close"]')).toBeNull();
    expect(node.querySelector('.jp-jms-Propose')).toBeNull();
  });

  it('casts yes, no or blank on a yes/no question', async () => {
    const { model, seen } = await loaded(
      decision({ method: 'yes_no', options: [] }),
      ['vote']
    );
    mounted = new Mounted(view(model));
    const node = mounted.node;
    expect(
      Array.from(node.querySelectorAll('.jp-jms-Ballot button')).map(
        b => b.textContent
      )
    ).toEqual(['Yes', 'No', 'Blank']);
    await mounted.click(
      node.querySelector('button[data-choice="no"]')!,
      () => node.querySelector('[role="status"]') !== null
    );
    expect(seen.find(s => s.method === 'POST')?.body).toEqual({ choice: 'no' });
  });

  it('shows the server’s sentence when a ballot is refused', async () => {
    const sentence = 'ada is not in the electorate of this vote.';
    const { model } = await loaded(decision(), ['vote'], s =>
      s.path.endsWith('/votes')
        ? [403, { message: sentence, reason: null, errors: [] }]
        : undefined
    );
    mounted = new Mounted(view(model));
    const node = mounted.node;
    await mounted.click(
      node.querySelector('button[data-choice="blank"]')!,
      () => node.querySelector('[role="alert"]') !== null
    );
    expect(node.querySelector('[role="alert"]')?.textContent).toBe(sentence);
  });

  it('closes the vote with its version and shows the result the server computed', async () => {
    const { model, seen } = await loaded(
      decision({
        can_vote: false,
        voted: ['ada', 'ben', 'dana'],
        allowed_actions: ['close', 'withdraw']
      }),
      ADMIN
    );
    let changed = 0;
    mounted = new Mounted(view(model, () => (changed += 1)));
    const node = mounted.node;
    expect(node.querySelector('[data-field="electorate"]')?.textContent).toBe(
      'Electorate: ada, ben, dana. Voted: 3 of 3 (quorum 2).'
    );
    await mounted.click(
      node.querySelector('[data-action="close"]')!,
      () => changed === 1
    );
    expect(seen.find(s => s.method === 'POST')).toMatchObject({
      path: 'decisions/7/close',
      body: { if_version: 3 }
    });
    const result = node.querySelector('.jp-jms-Result')!;
    expect(result.getAttribute('data-outcome')).toBe('elected');
    expect(result.querySelector('.jp-jms-Outcome')?.textContent).toBe(
      'Elected · winner: LinkedIn'
    );
    const rounds = Array.from(
      result.querySelectorAll('[data-table="rounds"] tbody tr')
    ).map(r => Array.from(r.children).map(c => c.textContent));
    expect(rounds).toEqual([
      ['Threads', '1', '1'],
      ['LinkedIn', '1', '2'],
      ['YouTube', '1', '—']
    ]);
    expect(node.querySelector('[data-action="close"]')).toBeNull();
    expect(
      node.querySelector('tr[data-decision-id="7"]')?.textContent
    ).toContain('Elected: LinkedIn');
  });

  it('lets an admin open a ranked vote with its options, seconder and present members', async () => {
    const created = decision({ title: 'Next channel' });
    const { model, seen } = await loaded(decision(), ADMIN, s =>
      s.path === 'decisions' ? [201, created] : undefined
    );
    let changed = 0;
    mounted = new Mounted(view(model, () => (changed += 1)));
    const form = mounted.node.querySelector('.jp-jms-Propose form')!;
    React.act(() =>
      (form.querySelector('input[value="vote"]') as HTMLInputElement).click()
    );
    mounted.type(form.querySelector('input[name="title"]')!, 'Next channel');
    const question = form.querySelector(
      'select[name="question"]'
    ) as HTMLSelectElement;
    React.act(() => {
      question.value = 'ranked';
      question.dispatchEvent(new Event('change', { bubbles: true }));
    });
    mounted.type(
      form.querySelector('textarea[name="options"]')!,
      'Threads\nLinkedIn\n'
    );
    mounted.type(form.querySelector('input[name="seconded_by"]')!, 'ben');
    mounted.type(form.querySelector('input[name="period_days"]')!, '0');
    const picker = form.querySelector('[data-field="present"]')!;
    expect(
      Array.from(
        picker.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')
      ).map(c => c.value)
    ).toEqual(['ada', 'ben', 'carla', 'dana']);
    React.act(() =>
      picker.querySelector<HTMLElement>('[data-action="present-all"]')!.click()
    );
    React.act(() =>
      picker.querySelector<HTMLElement>('input[value="carla"]')!.click()
    );
    expect(picker.querySelector('legend')?.textContent).toContain('3 of 4');
    await mounted.click(
      form.querySelector('button[type="submit"]')!,
      () => changed === 1
    );
    expect(seen.find(s => s.method === 'POST')?.body).toEqual({
      type: 'vote',
      title: 'Next channel',
      body: '',
      link: '',
      question: 'ranked',
      options: ['Threads', 'LinkedIn'],
      seconded_by: 'ben',
      period_days: 0,
      present: ['ada', 'ben', 'dana']
    });
  });

  it('calls the vote on a proposal with its version', async () => {
    const proposal = decision({
      status: 'proposed',
      method: 'consensus',
      options: [],
      can_vote: false,
      allowed_actions: ['call_vote', 'record_consensus', 'withdraw']
    });
    const { model, seen } = await loaded(proposal, ADMIN, s =>
      s.method === 'PATCH' ? [200, proposal] : undefined
    );
    mounted = new Mounted(view(model));
    const node = mounted.node;
    expect(node.querySelector('[data-action="consensus"]')).not.toBeNull();
    const form = node.querySelector('.jp-jms-OpenVote form')!;
    mounted.type(form.querySelector('input[name="seconded_by"]')!, 'ben');
    await mounted.click(
      form.querySelector('button[type="submit"]')!,
      () => node.querySelector('[role="status"]') !== null
    );
    expect(seen.find(s => s.method === 'PATCH')).toMatchObject({
      path: 'decisions/7',
      body: {
        status: 'open',
        question: 'yes_no',
        seconded_by: 'ben',
        period_days: 7,
        if_version: 3
      }
    });
  });

  it('records consensus with the members ticked present, and "none" clears them', async () => {
    const proposal = decision({
      status: 'proposed',
      method: 'consensus',
      options: [],
      can_vote: false,
      allowed_actions: ['call_vote', 'record_consensus', 'withdraw']
    });
    const { model, seen } = await loaded(proposal, ADMIN, s =>
      s.path === 'decisions/7/close' ? [200, proposal] : undefined
    );
    mounted = new Mounted(view(model));
    const form = mounted.node.querySelector('.jp-jms-Consensus form')!;
    const tick = (u: string) =>
      React.act(() =>
        form.querySelector<HTMLElement>(`input[value="${u}"]`)!.click()
      );
    tick('carla');
    React.act(() =>
      form.querySelector<HTMLElement>('[data-action="present-none"]')!.click()
    );
    expect(form.querySelectorAll('input:checked')).toHaveLength(0);
    tick('dana');
    tick('ada');
    await mounted.click(
      form.querySelector('[data-action="consensus"]')!,
      () => mounted!.node.querySelector('[role="status"]') !== null
    );
    expect(seen.find(s => s.path === 'decisions/7/close')?.body).toEqual({
      if_version: 3,
      consensus: true,
      present: ['ada', 'dana']
    });
  });

  it('withdraws a proposal with its reason only once the admin confirms', async () => {
    const proposal = decision({
      status: 'proposed',
      method: 'yes_no',
      options: ['yes', 'no'],
      can_vote: false,
      allowed_actions: ['call_vote', 'record_consensus', 'withdraw']
    });
    const { model, seen } = await loaded(proposal, ADMIN);
    let changed = 0;
    mounted = new Mounted(view(model, () => (changed += 1)));
    const node = mounted.node;
    const dialog = () => document.querySelector('.jp-Dialog');
    const form = node.querySelector('.jp-jms-Withdraw form')!;
    mounted.type(
      form.querySelector<HTMLInputElement>('input[name="reason"]')!,
      'Superseded by #9.'
    );
    const withdraw = form.querySelector('[data-action="withdraw"]')!;
    await mounted.click(withdraw, () => dialog() !== null);
    expect(dialog()!.textContent).toContain('A withdrawn decision is final');
    await mounted.click(
      document.querySelector('.jp-Dialog .jp-mod-reject')!,
      () => dialog() === null
    );
    expect(seen.filter(s => s.method === 'PATCH')).toEqual([]);

    await mounted.click(withdraw, () => dialog() !== null);
    await mounted.click(
      document.querySelector('.jp-Dialog .jp-mod-accept')!,
      () => changed === 1
    );
    expect(seen.find(s => s.method === 'PATCH')).toMatchObject({
      path: 'decisions/7',
      body: { status: 'withdrawn', reason: 'Superseded by #9.', if_version: 3 }
    });
    expect(node.querySelector('[role="status"]')?.textContent).toBe(
      'Withdrawn.'
    );
    expect(
      node
        .querySelector('[data-section="decision"]')
        ?.getAttribute('data-status')
    ).toBe('withdrawn');
    // Final: nothing more is offered.
    expect(node.querySelector('.jp-jms-Withdraw')).toBeNull();
    expect(node.querySelector('.jp-jms-OpenVote')).toBeNull();
  });
});
