import type { JmsClient } from '../client';
import { JmsRequestError } from '../api';
import { ActionModel, toFailure } from './actionModel';
import { featuredOccurrence, missesRecords } from './featured';
import {
  AttendanceStatus,
  IAdHocIn,
  IAttendanceFlags,
  IAttendanceInput,
  IAttendanceSheet,
  IMeetingSeries,
  IOccurrence,
  IOccurrencePatch,
  ISeriesIn,
  ISeriesPatch,
  MeetingsApi
} from './meetingsApi';

export type { IFailure } from './actionModel';
export { toFailure } from './actionModel';

export {
  featuredOccurrence,
  isoDay,
  MISSING_PROBE,
  missesRecords,
  weekOf
} from './featured';

/**
 * The statuses a person toggles while taking attendance (`unknown` is "not recorded").
 */
export const TAKEN_STATUSES: AttendanceStatus[] = [
  'attended',
  'absent',
  'excused'
];

/**
 * Attendance being taken on a sheet: each expected member's status as toggled, and the
 * records that differ from what the server holds.
 */
export class AttendanceDraft {
  constructor(readonly sheet: IAttendanceSheet) {
    for (const item of sheet.items) {
      this._statuses.set(item.username, item.status);
    }
  }

  /**
   * Everyone the sheet lists as expected at the meeting, in the server's order.
   */
  get expected() {
    return this.sheet.items.filter(i => i.expected);
  }

  status(username: string): AttendanceStatus {
    return this._statuses.get(username) ?? 'unknown';
  }

  /**
   * Toggle a member's status; toggling the status they have clears it back to unrecorded
   * (or to what the server holds, when it holds a record).
   */
  toggle(username: string, status: AttendanceStatus): void {
    if (this.status(username) === status) {
      const held = this.sheet.items.find(i => i.username === username);
      const back = held && held.status !== status ? held.status : 'unknown';
      this._statuses.set(username, back);
    } else {
      this._statuses.set(username, status);
    }
  }

  /**
   * Everyone expected and not yet given a status attended.
   */
  restAttended(): void {
    for (const item of this.expected) {
      if (this.status(item.username) === 'unknown') {
        this._statuses.set(item.username, 'attended');
      }
    }
  }

  /**
   * The records to send: only the members whose status differs from the server's.
   */
  records(): IAttendanceInput[] {
    return this.sheet.items
      .filter(i => this.status(i.username) !== i.status)
      .map(i => ({ username: i.username, status: this.status(i.username) }));
  }

  get dirty(): boolean {
    return this.records().length > 0;
  }

  private _statuses = new Map<string, AttendanceStatus>();
}

/**
 * The Meetings tab's state: the series, the meetings, the sheet being taken and the
 * attendance rule's flags, all as the API gives them.
 */
export class MeetingsModel extends ActionModel<INotice> {
  constructor(
    client: JmsClient,
    private readonly _now: () => Date = () => new Date()
  ) {
    super();
    this.api = new MeetingsApi(client);
  }

  readonly api: MeetingsApi;

  /**
   * The time the tab takes as now (to tell past meetings from coming ones).
   */
  now(): Date {
    return this._now();
  }

  get series(): IMeetingSeries[] {
    return this._series;
  }

  get occurrences(): IOccurrence[] {
    return this._occurrences;
  }

  get draft(): AttendanceDraft | null {
    return this._draft;
  }

  get flags(): IAttendanceFlags | null {
    return this._flags;
  }

  /**
   * Why the meetings could not be read (a 403 is the server's sentence), or null.
   */
  get loadError(): string | null {
    return this._loadError;
  }

  get flagsError(): string | null {
    return this._flagsError;
  }

  /**
   * Read the series and meetings, and open the featured meeting's sheet.
   */
  async load(): Promise<void> {
    this._loadError = null;
    try {
      const [series, occurrences] = await Promise.all([
        this.api.listSeries(),
        this.api.listOccurrences()
      ]);
      this._series = series;
      this._occurrences = occurrences;
      const keep = this._draft?.sheet.occurrence.id;
      const sheets = new Map<string, IAttendanceSheet>();
      const featured = keep
        ? (occurrences.find(o => o.id === keep) ?? null)
        : await featuredOccurrence(occurrences, this._now(), async o => {
            const sheet = await this.api.attendance(o.id);
            sheets.set(o.id, sheet);
            return missesRecords(sheet);
          });
      if (featured) {
        const sheet =
          sheets.get(featured.id) ?? (await this.api.attendance(featured.id));
        this._draft = new AttendanceDraft(sheet);
      } else {
        this._draft = null;
      }
    } catch (error) {
      this._loadError = toFailure(error).message;
    }
    this._changed.emit();
  }

  /**
   * Read the attendance rule's flags with their evidence.
   */
  async loadFlags(): Promise<void> {
    this._flagsError = null;
    try {
      this._flags = await this.api.flags();
    } catch (error) {
      this._flagsError = toFailure(error).message;
    }
    this._changed.emit();
  }

  /**
   * Open a meeting's attendance sheet.
   */
  async open(occurrenceId: string): Promise<void> {
    await this._act(async () => {
      this._draft = new AttendanceDraft(
        await this.api.attendance(occurrenceId)
      );
    });
  }

  toggle(username: string, status: AttendanceStatus): void {
    this._draft?.toggle(username, status);
    this._notice = null;
    this._changed.emit();
  }

  restAttended(): void {
    this._draft?.restAttended();
    this._notice = null;
    this._changed.emit();
  }

  /**
   * Send the changed records; the sheet the server answers replaces the draft.
   */
  async save(): Promise<boolean> {
    const draft = this._draft;
    if (!draft) {
      return false;
    }
    return this._act(async () => {
      const sheet = await this.api.recordAttendance(
        draft.sheet.occurrence.id,
        draft.records()
      );
      this._draft = new AttendanceDraft(sheet);
      this._notice = { kind: 'saved', count: sheet.changed?.length ?? 0 };
    });
  }

  async importMinutes(
    markdown: string,
    unlisted: 'absent' | 'unknown'
  ): Promise<boolean> {
    const draft = this._draft;
    if (!draft) {
      return false;
    }
    return this._act(async () => {
      const sheet = await this.api.importMinutes(
        draft.sheet.occurrence.id,
        markdown,
        unlisted
      );
      this._draft = new AttendanceDraft(sheet);
      this._notice = {
        kind: 'imported',
        count: sheet.changed?.length ?? 0,
        resolved: sheet.resolved ?? {}
      };
    });
  }

  async createSeries(body: ISeriesIn): Promise<boolean> {
    return this._act(async () => {
      const created = await this.api.createSeries(body);
      this._series = [...this._series, created];
      this._occurrences = await this.api.listOccurrences();
      this._notice = { kind: 'series', title: created.title };
    });
  }

  async updateSeries(
    series: IMeetingSeries,
    patch: ISeriesPatch
  ): Promise<boolean> {
    return this._act(async () => {
      const updated = await this.api.updateSeries(series.id, {
        ...patch,
        if_version: series.version
      });
      this._series = this._series.map(s => (s.id === updated.id ? updated : s));
      this._occurrences = await this.api.listOccurrences();
      this._notice = { kind: 'series', title: updated.title };
    });
  }

  /**
   * Cancel, restore or move a meeting, guarded by the version it was listed at. A 409 (it
   * changed meanwhile, or it took place) keeps the server's sentence and reloads the list.
   */
  async changeOccurrence(
    occurrence: IOccurrence,
    change: Exclude<OccurrenceChange, 'added'>,
    patch: IOccurrencePatch
  ): Promise<boolean> {
    return this._act(async () => {
      let updated: IOccurrence;
      try {
        updated = await this.api.updateOccurrence(occurrence.id, {
          ...patch,
          if_version: occurrence.version
        });
      } catch (error) {
        if (error instanceof JmsRequestError && error.status === 409) {
          await this._reloadMeetings(occurrence.id).catch(() => undefined);
        }
        throw error;
      }
      await this._reloadMeetings(updated.id);
      this._notice = { kind: 'occurrence', change, occurrence: updated };
    });
  }

  /**
   * Add an ad hoc meeting (the server never counts it toward the attendance rule).
   */
  async addAdHoc(body: IAdHocIn): Promise<boolean> {
    return this._act(async () => {
      const created = await this.api.createAdHoc(body);
      await this._reloadMeetings(created.id);
      this._notice = {
        kind: 'occurrence',
        change: 'added',
        occurrence: created
      };
    });
  }

  async recordFlags(): Promise<boolean> {
    return this._act(async () => {
      this._flags = await this.api.recordFlags();
      this._notice = { kind: 'flags', counts: this._flags.counts ?? null };
    });
  }

  dismiss(): void {
    this._failure = null;
    this._notice = null;
    this._changed.emit();
  }

  /**
   * Read the meetings again, and the sheet shown when it is the meeting `changed`.
   */
  private async _reloadMeetings(changed: string): Promise<void> {
    this._occurrences = await this.api.listOccurrences();
    if (this._draft?.sheet.occurrence.id === changed) {
      this._draft = new AttendanceDraft(await this.api.attendance(changed));
    }
  }

  private _series: IMeetingSeries[] = [];
  private _occurrences: IOccurrence[] = [];
  private _draft: AttendanceDraft | null = null;
  private _flags: IAttendanceFlags | null = null;
  private _loadError: string | null = null;
  private _flagsError: string | null = null;
}

/**
 * What was done to a meeting.
 */
export type OccurrenceChange =
  'cancelled' | 'restored' | 'moved' | 'back' | 'added';

/**
 * What the last action did.
 */
export type INotice =
  | { kind: 'saved'; count: number }
  | { kind: 'imported'; count: number; resolved: Record<string, string> }
  | { kind: 'series'; title: string }
  | { kind: 'occurrence'; change: OccurrenceChange; occurrence: IOccurrence }
  | {
      kind: 'flags';
      counts: IAttendanceFlags['counts'] | null;
    };
