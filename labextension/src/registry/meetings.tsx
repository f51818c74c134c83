import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IMe } from '../types';
import {
  AttendanceDraft,
  IFailure,
  INotice,
  MeetingsModel,
  TAKEN_STATUSES
} from './attendance';
import type {
  AttendanceStatus,
  IAttendanceWindow,
  IMeetingSeries,
  IOccurrence
} from './meetingsApi';
import type { IRegistryTabProps } from './tab';

/**
 * Render again whenever `model` says it changed.
 */
export function useModel(model: {
  changed: {
    connect: (fn: () => void) => boolean;
    disconnect: (fn: () => void) => boolean;
  };
}): void {
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const changed = () => setTick(t => t + 1);
    model.changed.connect(changed);
    return () => {
      model.changed.disconnect(changed);
    };
  }, [model]);
}

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

function countedAsLabel(value: string, trans: TranslationBundle): string {
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
 * A failed action: the server's sentence, then each field it named.
 */
export function FailureView(props: {
  failure: IFailure | null;
}): JSX.Element | null {
  const { failure } = props;
  if (!failure) {
    return null;
  }
  return (
    <div className="jp-jms-Error" role="alert">
      <p>{failure.message}</p>
      {failure.fields.length > 0 && (
        <ul>
          {failure.fields.map((f, i) => (
            <li key={i} data-field={f.field}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function noticeText(notice: INotice, trans: TranslationBundle): string {
  switch (notice.kind) {
    case 'saved':
      return trans._n(
        'Attendance saved: %1 record changed.',
        'Attendance saved: %1 records changed.',
        notice.count
      );
    case 'imported': {
      const aliases = Object.entries(notice.resolved)
        .map(([handle, username]) => `${handle} → ${username}`)
        .join(', ');
      const head = trans._n(
        'Minutes imported: %1 record changed.',
        'Minutes imported: %1 records changed.',
        notice.count
      );
      return aliases
        ? `${head} ${trans.__('Aliases resolved: %1.', aliases)}`
        : head;
    }
    case 'series':
      return trans.__('Series "%1" saved.', notice.title);
    case 'flags': {
      const c = notice.counts;
      return c
        ? trans.__(
            'Flags kept on record: %1 raised, %2 updated, %3 cleared, %4 unchanged.',
            c.raised,
            c.updated,
            c.cleared,
            c.unchanged
          )
        : trans.__('Flags kept on record.');
    }
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
function OccurrenceMarks(props: {
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

/**
 * The Meetings tab of the Registry and Governance area.
 */
export function MeetingsTab(props: IRegistryTabProps): JSX.Element {
  const model = React.useMemo(
    () => new MeetingsModel(props.client),
    [props.client]
  );
  React.useEffect(() => {
    void model.load();
    void model.loadFlags();
  }, [model]);
  return (
    <MeetingsView
      model={model}
      me={props.me}
      trans={props.trans}
      changed={props.changed}
    />
  );
}

export interface IMeetingsViewProps {
  model: MeetingsModel;
  me: IMe;
  trans: TranslationBundle;
  changed: () => void;
}

/**
 * What the Meetings tab shows for the state of its model.
 */
export function MeetingsView(props: IMeetingsViewProps): JSX.Element {
  const { model, trans, me } = props;
  useModel(model);
  const canRecord = me.capabilities.includes('record_attendance');
  const acted = (ok: boolean) => {
    if (ok) {
      props.changed();
    }
  };
  if (model.loadError) {
    return (
      <div className="jp-jms-Governance jp-jms-Meetings">
        <div className="jp-jms-Error" role="alert">
          <p>{model.loadError}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="jp-jms-Governance jp-jms-Meetings">
      <FailureView failure={model.failure} />
      {model.notice && (
        <p className="jp-jms-Notice" role="status">
          {noticeText(model.notice, trans)}
        </p>
      )}
      {model.draft ? (
        <AttendanceSection
          draft={model.draft}
          model={model}
          canRecord={canRecord}
          trans={trans}
          onSaved={acted}
        />
      ) : (
        <p className="jp-jms-Muted">{trans.__('No meeting to show.')}</p>
      )}
      <OccurrencesSection model={model} trans={trans} />
      <SeriesSection
        model={model}
        canRecord={canRecord}
        trans={trans}
        onSaved={acted}
      />
      <FlagsSection
        model={model}
        canRecord={canRecord}
        trans={trans}
        onSaved={acted}
      />
    </div>
  );
}

function AttendanceSection(props: {
  draft: AttendanceDraft;
  model: MeetingsModel;
  canRecord: boolean;
  trans: TranslationBundle;
  onSaved: (ok: boolean) => void;
}): JSX.Element {
  const { draft, model, canRecord, trans } = props;
  const o = draft.sheet.occurrence;
  const counts = draft.sheet.counts;
  const expected = draft.expected;
  return (
    <section
      className="jp-jms-Section jp-jms-Attendance"
      data-section="attendance"
      data-occurrence-id={o.id}
      aria-label={trans.__('Attendance')}
    >
      <h3>
        {trans.__('Attendance: %1, %2', o.title, meetingTime(o))}{' '}
        <OccurrenceMarks occurrence={o} trans={trans} />
      </h3>
      <p className="jp-jms-Muted">
        {trans.__(
          '%1 present, %2 absent, %3 excused, %4 not recorded.',
          counts.attended,
          counts.absent,
          counts.excused,
          counts.unknown
        )}{' '}
        {draft.sheet.counts_toward_rule
          ? trans.__('Counts toward the attendance rule.')
          : trans.__('Does not count toward the attendance rule.')}
      </p>
      {expected.length === 0 ? (
        <p className="jp-jms-Muted">
          {trans.__('Nobody held a counted role on this day.')}
        </p>
      ) : (
        <table className="jp-jms-Table jp-jms-AttendanceTable">
          <thead>
            <tr>
              <th scope="col">{trans.__('Member')}</th>
              <th scope="col">{trans.__('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {expected.map(item => {
              const status = draft.status(item.username);
              return (
                <tr
                  key={item.username}
                  data-username={item.username}
                  data-status={status}
                >
                  <th scope="row">
                    {item.name || item.username}{' '}
                    <span className="jp-jms-Muted">@{item.username}</span>
                  </th>
                  <td>
                    {canRecord ? (
                      <div
                        role="group"
                        className="jp-jms-Toggles"
                        aria-label={trans.__(
                          'Attendance of %1',
                          item.name || item.username
                        )}
                      >
                        {TAKEN_STATUSES.map(s => (
                          <button
                            key={s}
                            type="button"
                            className="jp-jms-Toggle"
                            data-status={s}
                            aria-pressed={status === s}
                            disabled={model.busy}
                            onClick={() => model.toggle(item.username, s)}
                          >
                            {statusLabel(s, trans)}
                          </button>
                        ))}
                      </div>
                    ) : (
                      statusLabel(status, trans)
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {canRecord && expected.length > 0 && (
        <div className="jp-jms-Actions">
          <button
            type="button"
            className="jp-mod-styled"
            data-action="rest-attended"
            disabled={model.busy}
            onClick={() => model.restAttended()}
          >
            {trans.__('The rest attended')}
          </button>
          <button
            type="button"
            className="jp-mod-styled jp-mod-accept"
            data-action="save-attendance"
            disabled={model.busy || !draft.dirty}
            onClick={() => void model.save().then(props.onSaved)}
          >
            {trans.__('Save attendance')}
          </button>
        </div>
      )}
      {canRecord && (
        <MinutesForm model={model} trans={trans} onSaved={props.onSaved} />
      )}
    </section>
  );
}

function MinutesForm(props: {
  model: MeetingsModel;
  trans: TranslationBundle;
  onSaved: (ok: boolean) => void;
}): JSX.Element {
  const { model, trans } = props;
  const [markdown, setMarkdown] = React.useState('');
  const [unlisted, setUnlisted] = React.useState<'absent' | 'unknown'>(
    'absent'
  );
  return (
    <details className="jp-jms-Minutes">
      <summary>{trans.__('Import minutes')}</summary>
      <label className="jp-jms-Field">
        <span>
          {trans.__(
            'Markdown minutes (## Present, ## Regrets; ## Guests are ignored)'
          )}
        </span>
        <textarea
          name="minutes"
          rows={6}
          value={markdown}
          onChange={e => setMarkdown(e.target.value)}
        />
      </label>
      <label className="jp-jms-Field">
        <span>{trans.__('Expected members not listed are')}</span>
        <select
          name="unlisted"
          value={unlisted}
          onChange={e => setUnlisted(e.target.value as 'absent' | 'unknown')}
        >
          <option value="absent">{trans.__('absent')}</option>
          <option value="unknown">{trans.__('not recorded')}</option>
        </select>
      </label>
      <button
        type="button"
        className="jp-mod-styled"
        data-action="import-minutes"
        disabled={model.busy || markdown.trim() === ''}
        onClick={() =>
          void model.importMinutes(markdown, unlisted).then(ok => {
            if (ok) {
              setMarkdown('');
            }
            props.onSaved(ok);
          })
        }
      >
        {trans.__('Import')}
      </button>
    </details>
  );
}

function OccurrencesSection(props: {
  model: MeetingsModel;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, trans } = props;
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
        <OccurrenceTable rows={past} model={model} trans={trans} />
      )}
      {coming.length > 0 && (
        <details>
          <summary>
            {trans._n('%1 coming meeting', '%1 coming meetings', coming.length)}
          </summary>
          <OccurrenceTable rows={coming} model={model} trans={trans} />
        </details>
      )}
    </section>
  );
}

function OccurrenceTable(props: {
  rows: IOccurrence[];
  model: MeetingsModel;
  trans: TranslationBundle;
}): JSX.Element {
  const { rows, model, trans } = props;
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
          <tr
            key={o.id}
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
            </td>
          </tr>
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

function SeriesSection(props: {
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
      <label className="jp-jms-Field">
        <span>{trans.__('Title')}</span>
        <input
          name="title"
          value={title}
          onChange={e => setTitle(e.target.value)}
        />
      </label>
      <label className="jp-jms-Field">
        <span>{trans.__('Duration (minutes)')}</span>
        <input
          name="duration_minutes"
          type="number"
          min={1}
          max={1440}
          value={duration}
          onChange={e => setDuration(e.target.value)}
        />
      </label>
      <label className="jp-jms-Field">
        <span>{trans.__('Ends (empty: runs on)')}</span>
        <input
          name="ends_at"
          type="datetime-local"
          value={ends}
          onChange={e => setEnds(e.target.value)}
        />
      </label>
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
  const [tz, setTz] = React.useState(
    Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  );
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
        <label className="jp-jms-Field">
          <span>{trans.__('Title')}</span>
          <input
            name="title"
            value={title}
            onChange={e => setTitle(e.target.value)}
          />
        </label>
        <label className="jp-jms-Field">
          <span>{trans.__('Rule (RRULE)')}</span>
          <input
            name="rrule"
            value={rrule}
            onChange={e => setRrule(e.target.value)}
          />
        </label>
        <label className="jp-jms-Field">
          <span>{trans.__('Time zone (IANA)')}</span>
          <input name="tz" value={tz} onChange={e => setTz(e.target.value)} />
        </label>
        <label className="jp-jms-Field">
          <span>{trans.__('First meeting (local time in that zone)')}</span>
          <input
            name="dtstart"
            type="datetime-local"
            value={dtstart}
            onChange={e => setDtstart(e.target.value)}
          />
        </label>
        <label className="jp-jms-Field">
          <span>{trans.__('Duration (minutes)')}</span>
          <input
            name="duration_minutes"
            type="number"
            min={1}
            max={1440}
            value={duration}
            onChange={e => setDuration(e.target.value)}
          />
        </label>
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

/**
 * One flag or incomplete window with its evidence, field by field as the API gives it.
 */
function WindowView(props: {
  window: IAttendanceWindow;
  trans: TranslationBundle;
}): JSX.Element {
  const { window: w, trans } = props;
  return (
    <li className="jp-jms-FlagWindow" data-key={w.key} data-verdict={w.verdict}>
      <strong>{w.name || w.username}</strong>{' '}
      <span className="jp-jms-Muted">@{w.username}</span>
      {!w.current_member && (
        <span className="jp-jms-Mark">{trans.__('Former member')}</span>
      )}
      <dl className="jp-jms-Evidence">
        <dt>{trans.__('Window')}</dt>
        <dd>
          {w.window.start} – {w.window.end}
        </dd>
        <dt>{trans.__('Windows in a row')}</dt>
        <dd>
          {trans.__(
            '%1 (starting %2 to %3)',
            w.windows,
            w.first_window_start,
            w.last_window_start
          )}
        </dd>
        <dt>{trans.__('Counted meetings')}</dt>
        <dd>{w.eligible}</dd>
        <dt>{trans.__('Missed')}</dt>
        <dd>{w.missed}</dd>
        <dt>{trans.__('Excused')}</dt>
        <dd>{w.excused}</dd>
        <dt>{trans.__('Not recorded')}</dt>
        <dd>{w.unknown}</dd>
      </dl>
      <details>
        <summary>
          {trans._n('%1 meeting', '%1 meetings', w.meetings.length)}
        </summary>
        <table className="jp-jms-Table">
          <thead>
            <tr>
              <th scope="col">{trans.__('Date')}</th>
              <th scope="col">{trans.__('Status')}</th>
              <th scope="col">{trans.__('Counted as')}</th>
            </tr>
          </thead>
          <tbody>
            {w.meetings.map(m => (
              <tr key={m.occurrence} data-occurrence-id={m.occurrence}>
                <td>{m.date}</td>
                <td>{statusLabel(m.status, trans)}</td>
                <td>{countedAsLabel(m.counted_as, trans)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </li>
  );
}

function FlagsSection(props: {
  model: MeetingsModel;
  canRecord: boolean;
  trans: TranslationBundle;
  onSaved: (ok: boolean) => void;
}): JSX.Element {
  const { model, canRecord, trans } = props;
  const flags = model.flags;
  return (
    <section className="jp-jms-Section" data-section="flags">
      <h3>{trans.__('Attendance flags')}</h3>
      {model.flagsError && (
        <div className="jp-jms-Error" role="alert">
          <p>{model.flagsError}</p>
        </div>
      )}
      {flags && (
        <>
          <p className="jp-jms-Muted">
            {trans.__(
              'As of %1: more than %2 of the counted meetings missed in any %3-day window (excused counts as %4; at least %5 meetings).',
              flags.as_of,
              flags.policy.threshold,
              flags.policy.window_days,
              flags.policy.excused,
              flags.policy.min_eligible
            )}
          </p>
          {flags.flags.length === 0 ? (
            <p>{trans.__('No member is flagged.')}</p>
          ) : (
            <ul className="jp-jms-FlagList" data-list="flags">
              {flags.flags.map(w => (
                <WindowView key={w.key} window={w} trans={trans} />
              ))}
            </ul>
          )}
          {flags.incomplete.length > 0 && (
            <details>
              <summary>
                {trans._n(
                  '%1 window with records missing',
                  '%1 windows with records missing',
                  flags.incomplete.length
                )}
              </summary>
              <ul className="jp-jms-FlagList" data-list="incomplete">
                {flags.incomplete.map(w => (
                  <WindowView key={w.key} window={w} trans={trans} />
                ))}
              </ul>
            </details>
          )}
          {canRecord && (
            <button
              type="button"
              className="jp-mod-styled"
              data-action="record-flags"
              disabled={model.busy}
              onClick={() => void model.recordFlags().then(props.onSaved)}
            >
              {trans.__('Keep these flags on record')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
