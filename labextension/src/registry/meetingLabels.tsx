import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { AttendanceStatus, IOccurrence } from './meetingsApi';

export function statusLabel(
  status: AttendanceStatus,
  trans: TranslationBundle
): string {
  switch (status) {
    case 'attended':
      return trans.__('Present');
    case 'absent':
      return trans.__('Absent');
    case 'excused':
      return trans.__('Excused');
    default:
      return trans.__('Not recorded');
  }
}

export function countedAsLabel(
  value: string,
  trans: TranslationBundle
): string {
  switch (value) {
    case 'attended':
      return trans.__('attended');
    case 'missed':
      return trans.__('missed');
    case 'left':
      return trans.__('on leave');
    case 'unknown':
      return trans.__('not recorded');
    default:
      return value;
  }
}

/**
 * When a meeting is, in its own zone: `2026-11-24 09:00 (Europe/Berlin)`, from the API's
 * local day and local start.
 */
export function meetingTime(o: IOccurrence): string {
  const time = /T(\d{2}:\d{2})/.exec(o.local_start)?.[1] ?? '';
  return `${o.date} ${time} (${o.tz})`.replace('  ', ' ');
}

/**
 * A meeting's marks: moved, cancelled, ad hoc.
 */
export function OccurrenceMarks(props: {
  occurrence: IOccurrence;
  trans: TranslationBundle;
}): JSX.Element {
  const { occurrence: o, trans } = props;
  return (
    <>
      {o.status === 'cancelled' && (
        <span className="jp-jms-Mark" data-mark="cancelled">
          {trans.__('Cancelled')}
        </span>
      )}
      {o.moved && (
        <span
          className="jp-jms-Mark"
          data-mark="moved"
          title={o.slot ? trans.__('Moved from %1', o.slot) : undefined}
        >
          {trans.__('Moved')}
        </span>
      )}
      {o.kind === 'ad_hoc' && (
        <span className="jp-jms-Mark" data-mark="ad_hoc">
          {trans.__('Ad hoc')}
        </span>
      )}
    </>
  );
}
