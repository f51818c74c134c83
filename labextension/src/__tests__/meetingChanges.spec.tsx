// Names, titles and dates here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import * as React from 'react';

import { MeetingsModel } from '../registry/attendance';
import { MeetingsView } from '../registry/meetings';
import type { IOccurrence } from '../registry/meetingsApi';
import { wallTime, zonedTime } from '../registry/occurrenceTimes';
import type { Capability } from '../types/me';
import { fakeClient, ISeen, meBody, Route } from './fakeServer';
import { Mounted, trans } from './render';

const NOW = new Date('2026-12-06T12:00:00Z');

function occurrence(overrides: Partial<IOccurrence> = {}): IOccurrence {
  return {
    id: 's1-20261208T080000Z',
    series: '1',
    kind: 'regular',
    status: 'scheduled',
    start: '2026-12-08T08:00:00Z',
    local_start: '2026-12-08T09:00:00+01:00',
    date: '2026-12-08',
    tz: 'Europe/Berlin',
    slot: '2026-12-08T08:00:00Z',
    moved: false,
    title: 'Media strategy call',
    duration_minutes: 60,
    note: '',
    version: 0,
    ...overrides
  };
}

/**
 * A server holding one meeting that a PATCH changes as the API does (version bumped), or
 * that `refuse` answers instead; a POST adds an ad hoc meeting.
 */
function server(
  first: IOccurrence,
  refuse?: (s: ISeen) => [number, unknown] | undefined
) {
  const seen: ISeen[] = [];
  let items = [first];
  const route: Route = s => {
    const refused = refuse?.(s);
    if (refused) {
      return refused;
    }
    if (s.path === 'meetings/series') {
      return [200, { items: [] }];
    }
    if (s.path === 'attendance/flags') {
      return [500, { message: 'not in this test', reason: null, errors: [] }];
    }
    if (s.path === 'meetings/occurrences' && s.method === 'GET') {
      return [200, { items, from: '', to: '' }];
    }
    if (s.path === 'meetings/occurrences' && s.method === 'POST') {
      const body = s.body as { title: string; start: string; tz: string };
      const created = occurrence({
        id: 'a5',
        series: null,
        kind: 'ad_hoc',
        slot: null,
        title: body.title,
        local_start: `${body.start}:00+01:00`,
        date: body.start.slice(0, 10),
        tz: body.tz,
        version: 1
      });
      items = [...items, created];
      return [201, created];
    }
    const sheet = /^meetings\/occurrences\/([^/]+)\/attendance$/.exec(s.path);
    const held = items.find(o => o.id === sheet?.[1]);
    if (held && s.method === 'GET') {
      const counts = { attended: 0, absent: 0, excused: 0, unknown: 0 };
      return [
        200,
        { occurrence: held, items: [], counts, counts_toward_rule: true }
      ];
    }
    if (s.method === 'PATCH' && s.path === `meetings/occurrences/${first.id}`) {
      const body = s.body as { status?: string; start?: string | null };
      const o = items[0];
      const changed: IOccurrence = {
        ...o,
        ...(body.status
          ? { status: body.status as IOccurrence['status'] }
          : {}),
        ...('start' in body
          ? body.start === null
            ? { local_start: '2026-12-08T09:00:00+01:00', moved: false }
            : { local_start: `${body.start}:00+01:00`, moved: true }
          : {}),
        version: o.version + 1
      };
      items = [changed];
      return [200, changed];
    }
    return undefined;
  };
  return { client: fakeClient(route, seen), seen };
}

function view(
  model: MeetingsModel,
  capabilities: Capability[],
  changed: () => void = () => undefined
): React.ReactElement {
  return (
    <MeetingsView
      model={model}
      me={meBody({ username: 'dana', capabilities })}
      trans={trans}
      changed={changed}
    />
  );
}

const CHAIR: Capability[] = ['record_attendance', 'read_governance'];

describe('meeting times', () => {
  it('starts a move from the wall-clock time in the meeting’s zone', () => {
    expect(wallTime(occurrence())).toBe('2026-12-08T09:00');
  });

  it('shows a slot in the meeting’s zone, across daylight saving', () => {
    expect(zonedTime('2026-12-08T08:00:00Z', 'Europe/Berlin')).toBe(
      '2026-12-08 09:00'
    );
    expect(zonedTime('2026-07-07T07:00:00Z', 'Europe/Berlin')).toBe(
      '2026-07-07 09:00'
    );
    expect(zonedTime('2026-12-08T08:00:00Z', 'Mars/Olympus')).toBe(
      '2026-12-08T08:00:00Z'
    );
  });
});

describe('changing meetings in the Meetings tab', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  async function opened(
    first: IOccurrence,
    refuse?: (s: ISeen) => [number, unknown] | undefined
  ) {
    const { client, seen } = server(first, refuse);
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    let changed = 0;
    mounted = new Mounted(view(model, CHAIR, () => (changed += 1)));
    const node = mounted.node;
    const row = () =>
      node.querySelector(`tr[data-occurrence-id="${first.id}"]`)!;
    React.act(() =>
      (
        row().querySelector('[data-action="change-meeting"]') as HTMLElement
      ).click()
    );
    const editor = () => node.querySelector('.jp-jms-OccurrenceEditor');
    return { model, seen, node, row, editor, changed: () => changed };
  }

  it('cancels a meeting with its reason and the version it was listed at, then restores it', async () => {
    const t = await opened(occurrence());
    const m = mounted!;
    m.type(
      t.editor()!.querySelector('input[name="reason"]') as HTMLInputElement,
      'Holiday'
    );
    await m.click(
      t.editor()!.querySelector('[data-action="cancel-meeting"]')!,
      () => t.changed() === 1
    );
    expect(t.seen.filter(s => s.method === 'PATCH').map(s => s.body)).toEqual([
      { status: 'cancelled', note: 'Holiday', if_version: 0 }
    ]);
    expect(t.node.querySelector('[role="status"]')?.textContent).toBe(
      'Media strategy call on 2026-12-08 09:00 (Europe/Berlin) cancelled.'
    );
    expect(t.row().getAttribute('data-status')).toBe('cancelled');
    // The editor closed after the change; opened again, it offers a restore instead.
    expect(t.editor()).toBeNull();
    React.act(() =>
      (
        t.row().querySelector('[data-action="change-meeting"]') as HTMLElement
      ).click()
    );
    expect(t.editor()!.querySelector('[data-action="cancel-meeting"]')).toBe(
      null
    );
    await m.click(
      t.editor()!.querySelector('[data-action="restore-meeting"]')!,
      () => t.changed() === 2
    );
    expect(t.seen.filter(s => s.method === 'PATCH')[1].body).toEqual({
      status: 'scheduled',
      if_version: 1
    });
    expect(t.row().getAttribute('data-status')).toBe('scheduled');
  });

  it('moves a meeting by its wall-clock time in its zone, and back to its slot', async () => {
    const t = await opened(occurrence({ version: 2 }));
    const m = mounted!;
    const field = t.editor()!.querySelector('input[name="start"]')!;
    expect(field.closest('label')?.textContent).toContain(
      'New start (local time in Europe/Berlin)'
    );
    expect((field as HTMLInputElement).value).toBe('2026-12-08T09:00');
    m.type(field as HTMLInputElement, '2026-12-09T10:30');
    await m.click(
      t.editor()!.querySelector('[data-action="move-meeting"]')!,
      () => t.changed() === 1
    );
    expect(t.row().getAttribute('data-moved')).toBe('true');
    React.act(() =>
      (
        t.row().querySelector('[data-action="change-meeting"]') as HTMLElement
      ).click()
    );
    const back = t.editor()!.querySelector('[data-action="back-to-slot"]')!;
    expect(back.textContent).toBe(
      'Back to its slot (2026-12-08 09:00, Europe/Berlin)'
    );
    await m.click(back, () => t.changed() === 2);
    expect(t.seen.filter(s => s.method === 'PATCH').map(s => s.body)).toEqual([
      { start: '2026-12-09T10:30', if_version: 2 },
      { start: null, if_version: 3 }
    ]);
    expect(t.row().getAttribute('data-moved')).toBe('false');
  });

  it('shows the server’s sentence on a stale version and reads the meetings again', async () => {
    const stale =
      'The meeting changed since you loaded it (version 0, now 1): reload it.';
    const t = await opened(occurrence(), s =>
      s.method === 'PATCH'
        ? [409, { message: stale, reason: null, errors: [] }]
        : undefined
    );
    const lists = () =>
      t.seen.filter(
        s => s.method === 'GET' && s.path === 'meetings/occurrences'
      ).length;
    const before = lists();
    await mounted!.click(
      t.editor()!.querySelector('[data-action="cancel-meeting"]')!,
      () => t.node.querySelector('[role="alert"]') !== null
    );
    expect(t.node.querySelector('[role="alert"]')?.textContent).toBe(stale);
    expect(lists()).toBe(before + 1);
    expect(t.changed()).toBe(0);
  });

  it('adds an ad hoc meeting, saying it never counts toward the attendance rule', async () => {
    const t = await opened(occurrence());
    const m = mounted!;
    const form = t.node.querySelector('.jp-jms-AdHoc form')!;
    expect(form.textContent).toContain(
      'never counts toward the attendance rule'
    );
    m.type(form.querySelector('input[name="title"]')!, 'Channel workshop');
    m.type(form.querySelector('input[name="tz"]')!, 'Europe/Berlin');
    const start = form.querySelector<HTMLInputElement>('input[name="start"]')!;
    expect(start.closest('label')?.textContent).toContain(
      'Start (local time in Europe/Berlin)'
    );
    m.type(start, '2026-12-10T15:00');
    await m.click(
      form.querySelector('button[type="submit"]')!,
      () => t.changed() === 1
    );
    expect(t.seen.find(s => s.method === 'POST')?.body).toEqual({
      title: 'Channel workshop',
      tz: 'Europe/Berlin',
      start: '2026-12-10T15:00',
      duration_minutes: 60,
      note: ''
    });
    expect(t.node.querySelector('tr[data-occurrence-id="a5"]')).not.toBeNull();
    expect(t.node.querySelector('[role="status"]')?.textContent).toBe(
      'Ad hoc meeting Channel workshop added for 2026-12-10 15:00 (Europe/Berlin).'
    );
  });

  it('offers no change and no ad hoc meeting to a reader who may not record meetings', async () => {
    const { client } = server(occurrence());
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    mounted = new Mounted(view(model, ['read_governance']));
    expect(mounted.node.querySelector('tr[data-occurrence-id]')).not.toBeNull();
    expect(
      mounted.node.querySelector('[data-action="change-meeting"]')
    ).toBeNull();
    expect(mounted.node.querySelector('.jp-jms-AdHoc')).toBeNull();
  });
});
