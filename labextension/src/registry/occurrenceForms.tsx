import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { MeetingsModel } from './attendance';
import { Field } from './formRows';
import { meetingTime } from './meetingLabels';
import type { IOccurrence } from './meetingsApi';
import { browserZone, wallTime, zonedTime } from './occurrenceTimes';

/**
 * What an admin or the chair changes on one meeting: cancel it (the reason kept as its
 * note) or restore it, move it, or put it back in its slot. The server guards each change
 * with the version the meeting was listed at.
 */
export function OccurrenceEditor(props: {
  occurrence: IOccurrence;
  model: MeetingsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
  onClose: () => void;
}): JSX.Element {
  const { occurrence: o, model, trans } = props;
  const [reason, setReason] = React.useState(o.note);
  const [start, setStart] = React.useState(wallTime(o));
  const done = (ok: boolean) => {
    props.onDone(ok);
    if (ok) {
      props.onClose();
    }
  };
  return (
    <div
      className="jp-jms-Form jp-jms-OccurrenceEditor"
      data-occurrence-id={o.id}
      role="group"
      aria-label={trans.__('Change %1, %2', o.title, meetingTime(o))}
    >
      {o.status === 'scheduled' ? (
        <div className="jp-jms-OccurrenceEditor-row">
          <Field
            label={trans.__('Reason (kept as the meeting’s note)')}
            name="reason"
            value={reason}
            onValue={setReason}
          />
          <button
            type="button"
            className="jp-mod-styled jp-mod-warn"
            data-action="cancel-meeting"
            disabled={model.busy}
            onClick={() =>
              void model
                .changeOccurrence(o, 'cancelled', {
                  status: 'cancelled',
                  ...(reason !== o.note ? { note: reason } : {})
                })
                .then(done)
            }
          >
            {trans.__('Cancel the meeting')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="jp-mod-styled"
          data-action="restore-meeting"
          disabled={model.busy}
          onClick={() =>
            void model
              .changeOccurrence(o, 'restored', { status: 'scheduled' })
              .then(done)
          }
        >
          {trans.__('Restore the meeting')}
        </button>
      )}
      <div className="jp-jms-OccurrenceEditor-row">
        <Field
          label={trans.__('New start (local time in %1)', o.tz)}
          name="start"
          type="datetime-local"
          value={start}
          onValue={setStart}
        />
        <button
          type="button"
          className="jp-mod-styled"
          data-action="move-meeting"
          disabled={model.busy || start === '' || start === wallTime(o)}
          onClick={() =>
            void model.changeOccurrence(o, 'moved', { start }).then(done)
          }
        >
          {trans.__('Move')}
        </button>
      </div>
      {o.moved && o.slot && (
        <button
          type="button"
          className="jp-mod-styled"
          data-action="back-to-slot"
          disabled={model.busy}
          onClick={() =>
            void model.changeOccurrence(o, 'back', { start: null }).then(done)
          }
        >
          {trans.__('Back to its slot (%1, %2)', zonedTime(o.slot, o.tz), o.tz)}
        </button>
      )}
      <div className="jp-jms-Actions">
        <button
          type="button"
          className="jp-mod-styled"
          data-action="close-editor"
          onClick={props.onClose}
        >
          {trans.__('Close')}
        </button>
      </div>
    </div>
  );
}

/**
 * A meeting outside every series. The server never counts it toward the attendance rule,
 * and the form says so.
 */
export function AdHocCreate(props: {
  model: MeetingsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
}): JSX.Element {
  const { model, trans } = props;
  const [title, setTitle] = React.useState('');
  const [tz, setTz] = React.useState(browserZone);
  const [start, setStart] = React.useState('');
  const [duration, setDuration] = React.useState('60');
  const [note, setNote] = React.useState('');
  return (
    <details className="jp-jms-AdHoc">
      <summary>{trans.__('Add an ad hoc meeting')}</summary>
      <form
        className="jp-jms-Form"
        onSubmit={e => {
          e.preventDefault();
          void model
            .addAdHoc({
              title,
              tz,
              start,
              duration_minutes: Number(duration),
              note
            })
            .then(ok => {
              if (ok) {
                setTitle('');
                setStart('');
                setNote('');
              }
              props.onDone(ok);
            });
        }}
      >
        <p className="jp-jms-Muted">
          {trans.__(
            'An ad hoc meeting takes attendance like any other, but never counts toward the attendance rule.'
          )}
        </p>
        <Field
          label={trans.__('Title')}
          name="title"
          value={title}
          onValue={setTitle}
        />
        <Field
          label={trans.__('Time zone (IANA)')}
          name="tz"
          value={tz}
          onValue={setTz}
        />
        <Field
          label={trans.__('Start (local time in %1)', tz)}
          name="start"
          type="datetime-local"
          value={start}
          onValue={setStart}
        />
        <Field
          label={trans.__('Duration (minutes)')}
          name="duration_minutes"
          type="number"
          min={1}
          max={1440}
          value={duration}
          onValue={setDuration}
        />
        <Field
          label={trans.__('Note')}
          name="note"
          value={note}
          onValue={setNote}
        />
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          disabled={model.busy}
        >
          {trans.__('Add meeting')}
        </button>
      </form>
    </details>
  );
}
