/**
 * Which meeting the Meetings tab opens first, from the API's list and sheets.
 */
import type { IAttendanceSheet, IOccurrence } from './meetingsApi';

/**
 * How many past meetings the tab asks about when it looks for one missing attendance.
 */
export const MISSING_PROBE = 6;

/**
 * `YYYY-MM-DD` of a date's local day.
 */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The Monday and Sunday (`YYYY-MM-DD`) of the week holding `now`.
 */
export function weekOf(now: Date): { first: string; last: string } {
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  const sunday = new Date(monday);
  sunday.setDate(monday.getDate() + 6);
  return { first: isoDay(monday), last: isoDay(sunday) };
}

/**
 * The meeting the tab opens first: this week's (the latest that has started, none that is
 * cancelled), else the most recent meeting that has started and whose sheet still misses
 * records (`missing` asks the server, for at most {@link MISSING_PROBE} meetings), else this
 * week's coming meeting, else the most recent one.
 *
 * @param occurrences in start order, as the API lists them
 */
export async function featuredOccurrence(
  occurrences: IOccurrence[],
  now: Date,
  missing: (occurrence: IOccurrence) => Promise<boolean>
): Promise<IOccurrence | null> {
  const live = occurrences.filter(o => o.status !== 'cancelled');
  const week = weekOf(now);
  const inWeek = (o: IOccurrence) =>
    o.date >= week.first && o.date <= week.last;
  const started = live
    .filter(o => Date.parse(o.start) <= now.getTime())
    .reverse();
  const thisWeek = started.find(inWeek);
  if (thisWeek) {
    return thisWeek;
  }
  for (const occurrence of started.slice(0, MISSING_PROBE)) {
    if (await missing(occurrence)) {
      return occurrence;
    }
  }
  return live.find(inWeek) ?? started[0] ?? live[0] ?? null;
}

/**
 * Whether an attendance sheet still has expected members with no record.
 */
export function missesRecords(sheet: IAttendanceSheet): boolean {
  return sheet.items.some(i => i.expected && i.status === 'unknown');
}
