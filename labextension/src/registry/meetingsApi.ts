import { URLExt } from '@jupyterlab/coreutils';

import type { JmsClient } from '../client';

/**
 * A recurring meeting (`GET meetings/series`).
 */
export interface IMeetingSeries {
  id: string;
  uid: string;
  title: string;
  /** Canonical, always with WKST. */
  rrule: string;
  wkst: string;
  tz: string;
  /** The first meeting's local wall-clock time in `tz`. */
  dtstart: string;
  duration_minutes: number;
  ends_at: string | null;
  next: string | null;
  created_by: string;
  created_at: string;
  version: number;
}

/**
 * What `POST meetings/series` takes.
 */
export interface ISeriesIn {
  title: string;
  rrule: string;
  tz: string;
  dtstart: string;
  duration_minutes?: number;
}

/**
 * What `PATCH meetings/series/{id}` takes.
 */
export interface ISeriesPatch {
  title?: string;
  duration_minutes?: number;
  ends_at?: string | null;
  if_version?: number;
}

/**
 * One meeting, of a series or ad hoc.
 */
export interface IOccurrence {
  id: string;
  series: string | null;
  kind: 'regular' | 'ad_hoc';
  status: 'scheduled' | 'cancelled';
  start: string;
  /** The start with the zone's offset. */
  local_start: string;
  /** The local day, YYYY-MM-DD. */
  date: string;
  tz: string;
  /** Where the rule put it (null for ad hoc). */
  slot: string | null;
  moved: boolean;
  title: string;
  duration_minutes: number;
  note: string;
  version: number;
}

/**
 * What `PATCH meetings/occurrences/{id}` takes: cancel or restore (`status`), move
 * (`start`, wall time in the meeting's zone when it has no offset; null is back to its
 * slot) or annotate (`note`). `if_version` is the version the meeting was listed at.
 */
export interface IOccurrencePatch {
  status?: 'scheduled' | 'cancelled';
  start?: string | null;
  note?: string;
  if_version?: number;
}

/**
 * What `POST meetings/occurrences` takes: an ad hoc meeting (`start` without an offset is
 * wall time in `tz`).
 */
export interface IAdHocIn {
  title: string;
  start: string;
  tz: string;
  duration_minutes?: number;
  note?: string;
}

export type AttendanceStatus = 'attended' | 'absent' | 'excused' | 'unknown';

/**
 * One expected member's line of an attendance sheet.
 */
export interface IAttendanceRecord {
  username: string;
  name: string;
  status: AttendanceStatus;
  recorded: boolean;
  expected: boolean;
  note: string;
  source: 'api' | 'minutes' | null;
  recorded_by: string | null;
  recorded_at: string | null;
  version: number;
}

/**
 * `GET meetings/occurrences/{id}/attendance`, and the answer of every write to it.
 */
export interface IAttendanceSheet {
  occurrence: IOccurrence;
  items: IAttendanceRecord[];
  counts: Record<AttendanceStatus, number>;
  counts_toward_rule: boolean;
  changed?: { username: string; from: string | null; to: string }[];
  /** Minutes handles that were aliases, with the username each resolved to. */
  resolved?: Record<string, string>;
}

/**
 * A status to record for one member.
 */
export interface IAttendanceInput {
  username: string;
  status: AttendanceStatus;
  note?: string;
}

/**
 * One window of the attendance rule: a flag or an incomplete record, with its evidence.
 */
export interface IAttendanceWindow {
  key: string;
  username: string;
  name: string;
  current_member: boolean;
  verdict: 'flag' | 'incomplete';
  windows: number;
  first_window_start: string;
  last_window_start: string;
  window: { start: string; end: string };
  eligible: number;
  missed: number;
  excused: number;
  unknown: number;
  meetings: {
    occurrence: string;
    date: string;
    status: AttendanceStatus;
    counted_as: 'attended' | 'missed' | 'left' | 'unknown';
  }[];
  stored?: { id: string; first_seen_at: string; version: number } | null;
}

/**
 * `GET attendance/flags`.
 */
export interface IAttendanceFlags {
  as_of: string;
  policy: {
    threshold: string;
    window_days: number;
    excused: string;
    min_eligible: number;
    effective: string | null;
    roles: string[];
  };
  flags: IAttendanceWindow[];
  incomplete: IAttendanceWindow[];
  members: {
    username: string;
    name: string;
    current_member: boolean;
    counted_meetings: number;
    recorded: number;
    unknown: number;
    attended: number;
    absent: number;
    excused: number;
    flags: number;
    incomplete: number;
  }[];
  counts?: {
    raised: number;
    updated: number;
    cleared: number;
    unchanged: number;
  };
}

/**
 * Typed calls to the meetings and attendance endpoints, on top of `JmsClient.call`.
 */
export class MeetingsApi {
  constructor(readonly client: JmsClient) {}

  async listSeries(): Promise<IMeetingSeries[]> {
    const page = await this.client.call<{ items: IMeetingSeries[] }>(
      'GET',
      'meetings/series'
    );
    return page.items;
  }

  createSeries(body: ISeriesIn): Promise<IMeetingSeries> {
    return this.client.call('POST', 'meetings/series', body);
  }

  updateSeries(id: string, body: ISeriesPatch): Promise<IMeetingSeries> {
    return this.client.call(
      'PATCH',
      `meetings/series/${encodeURIComponent(id)}`,
      body
    );
  }

  /**
   * Occurrences in start order; the server's default range is the past 180 and next 90 days.
   */
  async listOccurrences(
    query: { series?: string; from?: string; to?: string } = {}
  ): Promise<IOccurrence[]> {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (value) {
        params[key] = value;
      }
    }
    const page = await this.client.call<{ items: IOccurrence[] }>(
      'GET',
      `meetings/occurrences${URLExt.objectToQueryString(params)}`
    );
    return page.items;
  }

  updateOccurrence(id: string, body: IOccurrencePatch): Promise<IOccurrence> {
    return this.client.call(
      'PATCH',
      `meetings/occurrences/${encodeURIComponent(id)}`,
      body
    );
  }

  createAdHoc(body: IAdHocIn): Promise<IOccurrence> {
    return this.client.call('POST', 'meetings/occurrences', body);
  }

  attendance(occurrenceId: string): Promise<IAttendanceSheet> {
    return this.client.call('GET', this._attendancePath(occurrenceId));
  }

  /**
   * Record statuses, all or none.
   */
  recordAttendance(
    occurrenceId: string,
    records: IAttendanceInput[]
  ): Promise<IAttendanceSheet> {
    return this.client.call('POST', this._attendancePath(occurrenceId), {
      records
    });
  }

  /**
   * Record attendance from Markdown minutes (`## Present`, `## Regrets`).
   */
  importMinutes(
    occurrenceId: string,
    markdown: string,
    unlisted: 'absent' | 'unknown'
  ): Promise<IAttendanceSheet> {
    return this.client.call(
      'POST',
      `meetings/occurrences/${encodeURIComponent(occurrenceId)}/minutes`,
      { markdown, unlisted }
    );
  }

  flags(): Promise<IAttendanceFlags> {
    return this.client.call('GET', 'attendance/flags');
  }

  /**
   * Keep today's flags on record (idempotent).
   */
  recordFlags(): Promise<IAttendanceFlags> {
    return this.client.call('POST', 'attendance/flags', {});
  }

  private _attendancePath(occurrenceId: string): string {
    return `meetings/occurrences/${encodeURIComponent(occurrenceId)}/attendance`;
  }
}
