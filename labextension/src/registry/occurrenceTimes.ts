import type { IOccurrence } from './meetingsApi';

/**
 * The browser's IANA time zone, the first guess for a new meeting's zone.
 */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A meeting's start as `datetime-local` text (`YYYY-MM-DDTHH:MM`), the wall-clock time in
 * its own zone as the API gives it, to start a move from.
 */
export function wallTime(o: IOccurrence): string {
  return o.local_start.slice(0, 16);
}

/**
 * An instant as wall-clock time in `tz`: `2026-12-08 09:00`; the ISO text as given when
 * the zone is not one the browser knows.
 */
export function zonedTime(iso: string, tz: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) {
    return iso;
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    }).formatToParts(t);
  } catch {
    return iso;
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find(p => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
