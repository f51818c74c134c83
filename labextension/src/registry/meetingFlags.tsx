import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { MeetingsModel } from './attendance';
import { countedAsLabel, statusLabel } from './meetingLabels';
import type { IAttendanceWindow } from './meetingsApi';

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

export function FlagsSection(props: {
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
