// Names, titles and dates here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import * as React from 'react';

import {
  AttendanceDraft,
  featuredOccurrence,
  MeetingsModel,
  MISSING_PROBE,
  weekOf
} from '../registry/attendance';
import type {
  AttendanceStatus,
  IAttendanceFlags,
  IAttendanceRecord,
  IAttendanceSheet,
  IAttendanceWindow,
  IMeetingSeries,
  IOccurrence
} from '../registry/meetingsApi';
import { MeetingsView } from '../registry/meetings';
import type { Capability } from '../types/me';
import { fakeClient, ISeen, meBody, Route } from './fakeServer';
import { Mounted, trans } from './render';

// A Sunday: its week runs from Monday 30 November to Sunday 6 December 2026.
const NOW = new Date(2026, 11, 6, 12, 0);

function occurrence(
  id: string,
  date: string,
  overrides: Partial<IOccurrence> = {}
): IOccurrence {
  return {
    id,
    series: '1',
    kind: 'regular',
    status: 'scheduled',
    start: `${date}T08:00:00Z`,
    local_start: `${date}T09:00:00+01:00`,
    date,
    tz: 'Europe/Berlin',
    slot: `${date}T08:00:00Z`,
    moved: false,
    title: 'Media strategy call',
    duration_minutes: 60,
    note: '',
    version: 0,
    ...overrides
  };
}

function record(
  username: string,
  status: AttendanceStatus = 'unknown',
  overrides: Partial<IAttendanceRecord> = {}
): IAttendanceRecord {
  return {
    username,
    name: username.toUpperCase(),
    status,
    recorded: status !== 'unknown',
    expected: true,
    note: '',
    source: status === 'unknown' ? null : 'api',
    recorded_by: status === 'unknown' ? null : 'dana',
    recorded_at: null,
    version: status === 'unknown' ? 0 : 1,
    ...overrides
  };
}

function sheetOf(
  occ: IOccurrence,
  items: IAttendanceRecord[]
): IAttendanceSheet {
  const counts = { attended: 0, absent: 0, excused: 0, unknown: 0 };
  for (const i of items) {
    counts[i.status] += 1;
  }
  return { occurrence: occ, items, counts, counts_toward_rule: true };
}

const SERIES: IMeetingSeries = {
  id: '1',
  uid: 'series-1@jms',
  title: 'Media strategy call',
  rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO',
  wkst: 'MO',
  tz: 'Europe/Berlin',
  dtstart: '2025-01-07T09:00:00',
  duration_minutes: 60,
  ends_at: null,
  next: '2026-12-15T08:00:00Z',
  created_by: 'dana',
  created_at: '2025-01-01T00:00:00Z',
  version: 1
};

function flagWindow(): IAttendanceWindow {
  return {
    key: 'ben/2026-03-01',
    username: 'ben',
    name: 'Ben',
    current_member: true,
    verdict: 'flag',
    windows: 4,
    first_window_start: '2026-03-01',
    last_window_start: '2026-03-04',
    window: { start: '2026-03-02', end: '2026-05-30' },
    eligible: 6,
    missed: 5,
    excused: 0,
    unknown: 0,
    meetings: [
      {
        occurrence: '40',
        date: '2026-03-03',
        status: 'absent',
        counted_as: 'missed'
      },
      {
        occurrence: '41',
        date: '2026-03-17',
        status: 'attended',
        counted_as: 'attended'
      }
    ]
  };
}

const FLAGS: IAttendanceFlags = {
  as_of: '2026-12-06',
  policy: {
    threshold: '2/3',
    window_days: 90,
    excused: 'leave',
    min_eligible: 3,
    effective: null,
    roles: ['editor', 'admin', 'chair']
  },
  flags: [flagWindow()],
  incomplete: [],
  members: []
};

/**
 * A server holding meetings and their sheets; attendance writes apply as the API does
 * (all or none, answering the sheet with what changed) unless `refuse` answers instead.
 */
function server(
  occurrences: IOccurrence[],
  sheets: Record<string, IAttendanceRecord[]>,
  refuse?: (s: ISeen) => [number, unknown] | undefined
) {
  const seen: ISeen[] = [];
  const route: Route = s => {
    const refused = refuse?.(s);
    if (refused) {
      return refused;
    }
    if (s.path === 'meetings/series') {
      return [200, { items: [SERIES] }];
    }
    if (s.path === 'meetings/occurrences') {
      return [200, { items: occurrences, from: '', to: '' }];
    }
    if (s.path === 'attendance/flags') {
      return [200, FLAGS];
    }
    const m = /^meetings\/occurrences\/(\d+)\/(attendance|minutes)$/.exec(
      s.path
    );
    if (!m) {
      return undefined;
    }
    const occ = occurrences.find(o => o.id === m[1]);
    if (!occ) {
      return undefined;
    }
    const items = sheets[occ.id] ?? [];
    if (s.method === 'GET') {
      return [200, sheetOf(occ, items)];
    }
    const body = s.body as {
      records?: { username: string; status: AttendanceStatus }[];
    };
    const changed: { username: string; from: string; to: string }[] = [];
    const next = items.map(i => {
      const r = body.records?.find(x => x.username === i.username);
      if (!r || r.status === i.status) {
        return i;
      }
      changed.push({ username: i.username, from: i.status, to: r.status });
      return record(i.username, r.status);
    });
    sheets[occ.id] = next;
    return [200, { ...sheetOf(occ, next), changed }];
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

const CHAIR: Capability[] = [
  'administer_registry',
  'record_attendance',
  'read_governance',
  'vote'
];

describe('featuredOccurrence', () => {
  const never = async () => false;

  it('opens this week’s meeting first', async () => {
    const list = [
      occurrence('1', '2026-11-17'),
      occurrence('2', '2026-12-01'),
      occurrence('3', '2026-12-15')
    ];
    const asked: string[] = [];
    const got = await featuredOccurrence(list, NOW, async o => {
      asked.push(o.id);
      return true;
    });
    expect(got?.id).toBe('2');
    expect(asked).toEqual([]);
  });

  it('skips a cancelled meeting this week and opens the latest one missing records', async () => {
    const list = [
      occurrence('1', '2026-11-03'),
      occurrence('2', '2026-11-17'),
      occurrence('3', '2026-12-01', { status: 'cancelled' }),
      occurrence('4', '2026-12-15')
    ];
    const asked: string[] = [];
    const got = await featuredOccurrence(list, NOW, async o => {
      asked.push(o.id);
      return o.id === '1';
    });
    expect(got?.id).toBe('1');
    // Newest started first; never a future meeting.
    expect(asked).toEqual(['2', '1']);
  });

  it('before this week’s meeting starts, opens the latest one missing records, else this week’s', async () => {
    const monday = new Date(2026, 10, 30, 12, 0);
    const list = [
      occurrence('1', '2026-11-03'),
      occurrence('2', '2026-11-17'),
      occurrence('3', '2026-12-01')
    ];
    expect(
      (await featuredOccurrence(list, monday, async o => o.id === '2'))?.id
    ).toBe('2');
    expect((await featuredOccurrence(list, monday, never))?.id).toBe('3');
  });

  it('asks about a bounded number of meetings, then opens the latest', async () => {
    const list = Array.from({ length: 20 }, (_, i) =>
      occurrence(String(i + 1), `2026-0${1 + Math.floor(i / 3)}-1${i % 3}`)
    );
    let asked = 0;
    const got = await featuredOccurrence(list, NOW, async () => {
      asked += 1;
      return false;
    });
    expect(asked).toBe(MISSING_PROBE);
    expect(got?.id).toBe('20');
    expect(await featuredOccurrence([], NOW, never)).toBeNull();
  });

  it('knows the week from Monday to Sunday', () => {
    expect(weekOf(NOW)).toEqual({ first: '2026-11-30', last: '2026-12-06' });
    expect(weekOf(new Date(2026, 10, 30, 8))).toEqual({
      first: '2026-11-30',
      last: '2026-12-06'
    });
  });
});

describe('AttendanceDraft', () => {
  const occ = occurrence('2', '2026-12-01');

  it('sends only what differs from the server, and "the rest attended" fills only the unset', () => {
    const draft = new AttendanceDraft(
      sheetOf(occ, [
        record('ada'),
        record('ben', 'excused'),
        record('carla'),
        record('old', 'unknown', { expected: false })
      ])
    );
    expect(draft.dirty).toBe(false);
    draft.toggle('ada', 'absent');
    draft.restAttended();
    expect(draft.records()).toEqual([
      { username: 'ada', status: 'absent' },
      { username: 'carla', status: 'attended' }
    ]);
    // Toggling the pressed status again lets it go.
    draft.toggle('carla', 'attended');
    expect(draft.status('carla')).toBe('unknown');
    draft.toggle('ben', 'excused');
    expect(draft.status('ben')).toBe('unknown');
    expect(draft.records()).toEqual([
      { username: 'ada', status: 'absent' },
      { username: 'ben', status: 'unknown' }
    ]);
    expect(draft.expected.map(i => i.username)).toEqual([
      'ada',
      'ben',
      'carla'
    ]);
  });
});

describe('MeetingsView', () => {
  let mounted: Mounted | null = null;
  afterEach(() => {
    mounted?.unmount();
    mounted = null;
  });

  function button(node: Element, username: string, status: string) {
    return node.querySelector(
      `tr[data-username="${username}"] button[data-status="${status}"]`
    ) as HTMLButtonElement;
  }

  it('takes attendance in a few clicks and shows the sheet the server saved', async () => {
    const occs = [occurrence('1', '2026-11-17'), occurrence('2', '2026-12-01')];
    const sheets = {
      '1': [record('ada', 'attended'), record('ben', 'attended')],
      '2': [
        record('ada'),
        record('ben'),
        record('dana'),
        record('zed', 'unknown', { expected: false })
      ]
    };
    const { client, seen } = server(occs, sheets);
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    let changed = 0;
    mounted = new Mounted(view(model, CHAIR, () => (changed += 1)));
    const node = mounted.node;
    const section = node.querySelector('[data-section="attendance"]')!;
    expect(section.getAttribute('data-occurrence-id')).toBe('2');
    // Every expected member, and only them.
    expect(
      Array.from(section.querySelectorAll('tbody tr')).map(r =>
        r.getAttribute('data-username')
      )
    ).toEqual(['ada', 'ben', 'dana']);
    const save = node.querySelector(
      '[data-action="save-attendance"]'
    ) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    React.act(() => button(node, 'ben', 'absent').click());
    expect(button(node, 'ben', 'absent').getAttribute('aria-pressed')).toBe(
      'true'
    );
    React.act(() =>
      (
        node.querySelector('[data-action="rest-attended"]') as HTMLElement
      ).click()
    );
    expect(
      Array.from(section.querySelectorAll('tbody tr')).map(r =>
        r.getAttribute('data-status')
      )
    ).toEqual(['attended', 'absent', 'attended']);

    await mounted.click(save, () => changed === 1);

    const post = seen.filter(s => s.method === 'POST');
    expect(post.map(s => s.path)).toEqual([
      'meetings/occurrences/2/attendance'
    ]);
    expect(post[0].body).toEqual({
      records: [
        { username: 'ada', status: 'attended' },
        { username: 'ben', status: 'absent' },
        { username: 'dana', status: 'attended' }
      ]
    });
    expect(node.querySelector('[role="status"]')?.textContent).toBe(
      'Attendance saved: 3 records changed.'
    );
    expect(section.querySelector('.jp-jms-Muted')?.textContent).toContain(
      '2 present, 1 absent, 0 excused, 1 not recorded.'
    );
    expect(save.disabled).toBe(true);
  });

  it('shows the server’s sentence when a save is refused, and keeps the toggles', async () => {
    const occs = [occurrence('2', '2026-12-01')];
    const { client } = server(occs, { '2': [record('ada')] }, s =>
      s.method === 'POST'
        ? [
            400,
            {
              message:
                'Attendance cannot be attended or absent before the meeting starts.',
              reason: null,
              errors: [
                {
                  field: 'records.0.status',
                  message: 'ada: the meeting has not started yet.'
                }
              ]
            }
          ]
        : undefined
    );
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    mounted = new Mounted(view(model, CHAIR));
    const node = mounted.node;
    React.act(() => button(node, 'ada', 'attended').click());
    await mounted.click(
      node.querySelector('[data-action="save-attendance"]')!,
      () => node.querySelector('[role="alert"]') !== null
    );
    const alert = node.querySelector('[role="alert"]')!;
    expect(alert.querySelector('p')?.textContent).toBe(
      'Attendance cannot be attended or absent before the meeting starts.'
    );
    expect(alert.querySelector('li')?.textContent).toBe(
      'ada: the meeting has not started yet.'
    );
    expect(
      node.querySelector('tr[data-username="ada"]')?.getAttribute('data-status')
    ).toBe('attended');
  });

  it('offers no toggle, save or import to a reader who may not record attendance', async () => {
    const occs = [occurrence('2', '2026-12-01')];
    const { client } = server(occs, { '2': [record('ada', 'excused')] });
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    await model.loadFlags();
    mounted = new Mounted(view(model, ['read_governance', 'vote']));
    const node = mounted.node;
    expect(node.querySelector('button[data-status]')).toBeNull();
    expect(node.querySelector('[data-action="save-attendance"]')).toBeNull();
    expect(node.querySelector('[data-action="import-minutes"]')).toBeNull();
    expect(node.querySelector('[data-action="record-flags"]')).toBeNull();
    expect(node.querySelector('.jp-jms-NewSeries')).toBeNull();
    expect(node.querySelector('tr[data-username="ada"] td')?.textContent).toBe(
      'Excused'
    );
  });

  it('shows the server’s sentence when the caller may not read meetings', async () => {
    const sentence =
      'Only editors, admins and the chair read meetings and attendance.';
    const client = fakeClient(() => [
      403,
      { message: sentence, reason: null, errors: [] }
    ]);
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    mounted = new Mounted(view(model, []));
    expect(mounted.node.querySelector('[role="alert"]')?.textContent).toBe(
      sentence
    );
    expect(mounted.node.querySelector('[data-section]')).toBeNull();
  });

  it('marks moved and cancelled meetings and opens another meeting’s sheet', async () => {
    const occs = [
      occurrence('1', '2026-11-03', {
        moved: true,
        slot: '2026-11-03T08:00:00Z'
      }),
      occurrence('2', '2026-11-17', { status: 'cancelled' }),
      occurrence('3', '2026-12-01'),
      occurrence('4', '2026-12-15')
    ];
    const { client } = server(occs, {
      '1': [record('ada', 'attended')],
      '3': [record('ada')]
    });
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    mounted = new Mounted(view(model, CHAIR));
    const node = mounted.node;
    // Past meetings newest first; coming ones apart.
    const rows = Array.from(
      node.querySelectorAll('[data-section="occurrences"] > table > tbody > tr')
    );
    expect(
      Array.from(
        node.querySelectorAll('[data-section="occurrences"] details tbody tr')
      ).map(r => r.getAttribute('data-occurrence-id'))
    ).toEqual(['4']);
    expect(rows[0].querySelector('td')?.textContent).toBe(
      '2026-12-01 09:00 (Europe/Berlin)'
    );
    expect(rows.map(r => r.getAttribute('data-occurrence-id'))).toEqual([
      '3',
      '2',
      '1'
    ]);
    expect(rows[1].querySelector('[data-mark="cancelled"]')?.textContent).toBe(
      'Cancelled'
    );
    expect(rows[2].querySelector('[data-mark="moved"]')?.textContent).toBe(
      'Moved'
    );
    expect(rows[0].querySelector('[data-mark]')).toBeNull();

    await mounted.click(
      rows[2].querySelector('button')!,
      () =>
        node
          .querySelector('[data-section="attendance"]')
          ?.getAttribute('data-occurrence-id') === '1'
    );
    expect(
      node.querySelector('tr[data-username="ada"]')?.getAttribute('data-status')
    ).toBe('attended');
  });

  it('imports minutes and says which aliases it resolved', async () => {
    const occs = [occurrence('2', '2026-12-01')];
    const { client, seen } = server(occs, { '2': [record('ada')] }, s =>
      s.path.endsWith('/minutes')
        ? [
            200,
            {
              ...sheetOf(occs[0], [record('ada', 'attended')]),
              changed: [{ username: 'ada', from: null, to: 'attended' }],
              resolved: { '@lovelace': 'ada' }
            }
          ]
        : undefined
    );
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    mounted = new Mounted(view(model, CHAIR));
    const node = mounted.node;
    mounted.type(
      node.querySelector('textarea[name="minutes"]')!,
      '## Present\n- @lovelace\n'
    );
    await mounted.click(
      node.querySelector('[data-action="import-minutes"]')!,
      () => node.querySelector('[role="status"]') !== null
    );
    const post = seen.find(s => s.method === 'POST');
    expect(post?.path).toBe('meetings/occurrences/2/minutes');
    expect(post?.body).toEqual({
      markdown: '## Present\n- @lovelace\n',
      unlisted: 'absent'
    });
    expect(node.querySelector('[role="status"]')?.textContent).toBe(
      'Minutes imported: 1 record changed. Aliases resolved: @lovelace → ada.'
    );
    expect(
      node.querySelector('tr[data-username="ada"]')?.getAttribute('data-status')
    ).toBe('attended');
  });

  it('shows each flag with its evidence as the API gives it', async () => {
    const { client } = server([], {});
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    await model.loadFlags();
    mounted = new Mounted(view(model, CHAIR));
    const flag = mounted.node.querySelector(
      '[data-list="flags"] [data-key="ben/2026-03-01"]'
    )!;
    const evidence = Array.from(flag.querySelectorAll('dt')).map(
      dt => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`
    );
    expect(evidence).toEqual([
      'Window: 2026-03-02 – 2026-05-30',
      'Windows in a row: 4 (starting 2026-03-01 to 2026-03-04)',
      'Counted meetings: 6',
      'Missed: 5',
      'Excused: 0',
      'Not recorded: 0'
    ]);
    expect(
      Array.from(flag.querySelectorAll('tbody tr')).map(r => r.textContent)
    ).toEqual(['2026-03-03Absentmissed', '2026-03-17Presentattended']);
  });

  it('creates a series with the wall-clock start as typed', async () => {
    const seenSeries: unknown[] = [];
    const { client } = server([], {}, s => {
      if (s.method === 'POST' && s.path === 'meetings/series') {
        seenSeries.push(s.body);
        return [201, { ...SERIES, id: '2', title: 'Council call' }];
      }
      return undefined;
    });
    const model = new MeetingsModel(client, () => NOW);
    await model.load();
    let changed = 0;
    mounted = new Mounted(view(model, CHAIR, () => (changed += 1)));
    const form = mounted.node.querySelector('.jp-jms-NewSeries form')!;
    mounted.type(form.querySelector('input[name="title"]')!, 'Council call');
    mounted.type(
      form.querySelector('input[name="rrule"]')!,
      'FREQ=MONTHLY;BYDAY=1WE'
    );
    mounted.type(form.querySelector('input[name="tz"]')!, 'America/Bogota');
    mounted.type(
      form.querySelector('input[name="dtstart"]')!,
      '2027-01-06T16:00'
    );
    await mounted.click(
      form.querySelector('button[type="submit"]')!,
      () => changed === 1
    );
    expect(seenSeries).toEqual([
      {
        title: 'Council call',
        rrule: 'FREQ=MONTHLY;BYDAY=1WE',
        tz: 'America/Bogota',
        dtstart: '2027-01-06T16:00',
        duration_minutes: 60
      }
    ]);
    expect(
      Array.from(mounted.node.querySelectorAll('[data-series-id]')).map(li =>
        li.getAttribute('data-series-id')
      )
    ).toEqual(['1', '2']);
  });
});
