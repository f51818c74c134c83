import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { AttendanceDraft, MeetingsModel, TAKEN_STATUSES } from './attendance';
import { meetingTime, OccurrenceMarks, statusLabel } from './meetingLabels';

/**
 * The attendance sheet of the selected meeting, and the minutes import beside it.
 */
export function AttendanceSection(props: {
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
