import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { MeetingsModel } from './attendance';
import { Field } from './formRows';
import { meetingTime, OccurrenceMarks } from './meetingLabels';
import type { IMeetingSeries, IOccurrence } from './meetingsApi';
import { AdHocCreate, OccurrenceEditor } from './occurrenceForms';
import { browserZone } from './occurrenceTimes';

/**
 * The meetings list, past and coming; admins and the chair change a meeting from its row
 * and add ad hoc ones.
 */
export function OccurrencesSection(props: {
  model: MeetingsModel;
  canRecord: boolean;
  trans: TranslationBundle;
  onSaved: (ok: boolean) => void;
}): JSX.Element {
  const { model, trans } = props;
  const table = (rows: IOccurrence[]) => (
    <OccurrenceTable
      rows={rows}
      model={model}
      canRecord={props.canRecord}
      trans={trans}
      onSaved={props.onSaved}
    />
  );
  const now = model.now().getTime();
  // The meetings a person records are the recent ones: past ones newest first, then the
  // coming ones in start order.
  const past = model.occurrences
    .filter(o => Date.parse(o.start) <= now)
    .reverse();
  const coming = model.occurrences.filter(o => Date.parse(o.start) > now);
  return (
    <section className="jp-jms-Section" data-section="occurrences">
      <h3>{trans.__('Past meetings')}</h3>
      {past.length === 0 ? (
        <p className="jp-jms-Muted">
          {trans.__('No meetings in this period.')}
        </p>
      ) : (
        table(past)
      )}
      {coming.length > 0 && (
        <details className="jp-jms-ComingMeetings">
          <summary>
            {trans._n('%1 coming meeting', '%1 coming meetings', coming.length)}
          </summary>
          {table(coming)}
        </details>
      )}
      {props.canRecord && (
        <AdHocCreate model={model} trans={trans} onDone={props.onSaved} />
      )}
    </section>
  );
}

function OccurrenceTable(props: {
  rows: IOccurrence[];
  model: MeetingsModel;
  canRecord: boolean;
  trans: TranslationBundle;
  onSaved: (ok: boolean) => void;
}): JSX.Element {
  const { rows, model, trans } = props;
  const [editing, setEditing] = React.useState<string | null>(null);
  const shown = model.draft?.sheet.occurrence.id;
  const titles = new Map(model.series.map(s => [s.id, s.title]));
  return (
    <table className="jp-jms-Table">
      <thead>
        <tr>
          <th scope="col">{trans.__('When')}</th>
          <th scope="col">{trans.__('Meeting')}</th>
          <th scope="col">{trans.__('Marks')}</th>
          <th scope="col">
            <span className="jp-jms-VisuallyHidden">{trans.__('Open')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(o => (
          <React.Fragment key={o.id}>
            <tr
              data-occurrence-id={o.id}
              data-status={o.status}
              data-moved={o.moved}
              aria-current={o.id === shown ? 'true' : undefined}
            >
              <td>{meetingTime(o)}</td>
              <td>
                {o.title}
                {o.series && titles.get(o.series) !== o.title && (
                  <span className="jp-jms-Muted">
                    {' '}
                    ({titles.get(o.series) ?? o.series})
                  </span>
                )}
                {o.note && <div className="jp-jms-Muted">{o.note}</div>}
              </td>
              <td>
                <OccurrenceMarks occurrence={o} trans={trans} />
              </td>
              <td>
                <button
                  type="button"
                  className="jp-mod-styled"
                  disabled={model.busy || o.id === shown}
                  onClick={() => void model.open(o.id)}
                  aria-label={trans.__(
                    'Attendance of %1, %2',
                    o.title,
                    meetingTime(o)
                  )}
                >
                  {trans.__('Attendance')}
                </button>
                {props.canRecord && (
                  <button
                    type="button"
                    className="jp-mod-styled"
                    data-action="change-meeting"
                    aria-expanded={editing === o.id}
                    onClick={() => setEditing(editing === o.id ? null : o.id)}
                    aria-label={trans.__(
                      'Change %1, %2',
                      o.title,
                      meetingTime(o)
                    )}
                  >
                    {trans.__('Change')}
                  </button>
                )}
              </td>
            </tr>
            {props.canRecord && editing === o.id && (
              <tr className="jp-jms-OccurrenceEditorRow">
                <td colSpan={4}>
                  <OccurrenceEditor
                    occurrence={o}
                    model={model}
                    trans={trans}
                    onDone={props.onSaved}
                    onClose={() => setEditing(null)}
                  />
                </td>
              </tr>
            )}
          </React.Fragment>
        ))}
      </tbody>
    </table>
  );
}

/**
 * `datetime-local` input text as an ISO timestamp (the browser's zone), or null when empty.
 */
function localToIso(value: string): string | null {
  if (!value) {
    return null;
  }
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? value : t.toISOString();
}

export function SeriesSection(props: {
  model: MeetingsModel;
  canRecord: boolean;
  trans: TranslationBundle;
  onSaved: (ok: boolean) => void;
}): JSX.Element {
  const { model, canRecord, trans } = props;
  const [editing, setEditing] = React.useState<string | null>(null);
  return (
    <section className="jp-jms-Section" data-section="series">
      <h3>{trans.__('Series')}</h3>
      {model.series.length === 0 ? (
        <p className="jp-jms-Muted">{trans.__('No meeting series yet.')}</p>
      ) : (
        <ul className="jp-jms-SeriesList">
          {model.series.map(s => (
            <li key={s.id} data-series-id={s.id}>
              <strong>{s.title}</strong> <code>{s.rrule}</code>{' '}
              <span className="jp-jms-Muted">
                {trans.__(
                  'from %1 (%2), %3 minutes',
                  s.dtstart,
                  s.tz,
                  s.duration_minutes
                )}
                {s.next ? ` · ${trans.__('next %1', s.next)}` : ''}
                {s.ends_at ? ` · ${trans.__('ends %1', s.ends_at)}` : ''}
              </span>{' '}
              {canRecord && editing !== s.id && (
                <button
                  type="button"
                  className="jp-mod-styled"
                  onClick={() => setEditing(s.id)}
                  aria-label={trans.__('Edit %1', s.title)}
                >
                  {trans.__('Edit')}
                </button>
              )}
              {canRecord && editing === s.id && (
                <SeriesEdit
                  series={s}
                  model={model}
                  trans={trans}
                  onDone={ok => {
                    if (ok) {
                      setEditing(null);
                    }
                    props.onSaved(ok);
                  }}
                  onCancel={() => setEditing(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canRecord && (
        <SeriesCreate model={model} trans={trans} onDone={props.onSaved} />
      )}
    </section>
  );
}

function SeriesEdit(props: {
  series: IMeetingSeries;
  model: MeetingsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
  onCancel: () => void;
}): JSX.Element {
  const { series, model, trans } = props;
  const [title, setTitle] = React.useState(series.title);
  const [duration, setDuration] = React.useState(
    String(series.duration_minutes)
  );
  const [ends, setEnds] = React.useState('');
  return (
    <form
      className="jp-jms-Form"
      onSubmit={e => {
        e.preventDefault();
        void model
          .updateSeries(series, {
            title,
            duration_minutes: Number(duration),
            ends_at: localToIso(ends)
          })
          .then(props.onDone);
      }}
    >
      <Field
        label={trans.__('Title')}
        name="title"
        value={title}
        onValue={setTitle}
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
        label={trans.__(
          'Ends (your local time, %1; empty: runs on)',
          browserZone()
        )}
        name="ends_at"
        type="datetime-local"
        value={ends}
        onValue={setEnds}
      />
      <div className="jp-jms-Actions">
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          disabled={model.busy}
        >
          {trans.__('Save series')}
        </button>
        <button
          type="button"
          className="jp-mod-styled"
          onClick={props.onCancel}
        >
          {trans.__('Cancel')}
        </button>
      </div>
    </form>
  );
}

function SeriesCreate(props: {
  model: MeetingsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
}): JSX.Element {
  const { model, trans } = props;
  const [title, setTitle] = React.useState('');
  const [rrule, setRrule] = React.useState('FREQ=WEEKLY;BYDAY=TU');
  const [tz, setTz] = React.useState(browserZone);
  const [dtstart, setDtstart] = React.useState('');
  const [duration, setDuration] = React.useState('60');
  return (
    <details className="jp-jms-NewSeries">
      <summary>{trans.__('New series')}</summary>
      <form
        className="jp-jms-Form"
        onSubmit={e => {
          e.preventDefault();
          void model
            .createSeries({
              title,
              rrule,
              tz,
              dtstart,
              duration_minutes: Number(duration)
            })
            .then(ok => {
              if (ok) {
                setTitle('');
              }
              props.onDone(ok);
            });
        }}
      >
        <Field
          label={trans.__('Title')}
          name="title"
          value={title}
          onValue={setTitle}
        />
        <Field
          label={trans.__('Rule (RRULE)')}
          name="rrule"
          value={rrule}
          onValue={setRrule}
        />
        <Field
          label={trans.__('Time zone (IANA)')}
          name="tz"
          value={tz}
          onValue={setTz}
        />
        <Field
          label={trans.__('First meeting (local time in %1)', tz)}
          name="dtstart"
          type="datetime-local"
          value={dtstart}
          onValue={setDtstart}
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
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          disabled={model.busy}
        >
          {trans.__('Create series')}
        </button>
      </form>
    </details>
  );
}
