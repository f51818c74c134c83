import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { JmsRequestError } from '../api';
import { actionLabel, checklistValueLabel, verdictLabel } from '../labels';
import { ReviewModel } from '../reviewModel';
import { TransitionAction } from '../reviewState';
import type { Verdict, VetVerdict } from '../types/review';

/**
 * Messages of a failed action, by checklist item (`''` for the action as a whole).
 */
function failureMessages(error: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (error instanceof JmsRequestError && error.errors.length > 0) {
    for (const e of error.errors) {
      const key = e.field.startsWith('checklist.')
        ? e.field.slice('checklist.'.length)
        : '';
      // The server's message already names the field; one that repeats the
      // headline is shown once.
      if (key || e.message !== error.message) {
        (out[key] ??= []).push(e.message);
      }
    }
    (out[''] ??= []).unshift(error.message);
    return out;
  }
  out[''] = [error instanceof Error ? error.message : String(error)];
  return out;
}

function Messages({ items }: { items?: string[] }): JSX.Element | null {
  if (!items || items.length === 0) {
    return null;
  }
  return (
    <ul className="jp-jms-FieldErrors" role="alert">
      {items.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

/**
 * The editor's checklist, comment and the verdict buttons the server allows.
 */
export function VerdictPanel(props: {
  model: ReviewModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { model, trans } = props;
  const mine = model.myReview;
  // The form starts from the caller's own verdict, when there is one, to change it.
  const [values, setValues] = React.useState<Record<string, string>>(
    mine?.checklist ?? {}
  );
  const [comment, setComment] = React.useState(mine?.comment ?? '');
  const [errors, setErrors] = React.useState<Record<string, string[]>>({});
  const [busy, setBusy] = React.useState(false);
  const mineKey = mine ? `${mine.id}:${mine.verdict}:${mine.revision}` : '';
  React.useEffect(() => {
    setValues(mine?.checklist ?? {});
    setComment(mine?.comment ?? '');
  }, [mineKey]);
  const verdicts = model.verdicts;
  const items = model.checklistItems;
  const choices = model.checklist?.values ?? [];
  if (verdicts.length === 0) {
    return null;
  }
  const give = async (verdict: Verdict) => {
    // Rejecting is final: ask first, as withdrawing does.
    if (verdict === 'reject') {
      const answer = await showDialog({
        title: actionLabel(trans, 'reject'),
        body: trans.__(
          'Reject “%1”? A rejected post is final: it cannot be reviewed again. To ask the authors for changes, use Request changes.',
          model.draft?.title ?? ''
        ),
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({ label: actionLabel(trans, 'reject') })
        ]
      });
      if (!answer.button.accept) {
        return;
      }
    }
    setBusy(true);
    setErrors({});
    try {
      const checklist: Record<string, string> = {};
      for (const item of items) {
        if (values[item.id]) {
          checklist[item.id] = values[item.id];
        }
      }
      await model.review(verdict, checklist, comment);
    } catch (error) {
      setErrors(failureMessages(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="jp-jms-Panel jp-jms-Verdict" data-section="verdict">
      <h3>
        {mine
          ? trans.__('Change your verdict')
          : trans.__('Your review of revision %1', model.draft?.revision ?? '')}
      </h3>
      {mine && (
        <p className="jp-jms-MyVerdict" data-verdict-given={mine.verdict}>
          {trans.__(
            'Your verdict on revision %1: %2. Giving another replaces it.',
            mine.revision,
            verdictLabel(trans, mine.verdict)
          )}
        </p>
      )}
      <table className="jp-jms-Checklist">
        <tbody>
          {items.map(item => (
            <tr key={item.id} data-item={item.id}>
              <th scope="row">
                {item.label}
                <Messages items={errors[item.id]} />
              </th>
              {choices.map(value => (
                <td key={value}>
                  <label>
                    <input
                      type="radio"
                      name={`checklist-${model.draftId}-${item.id}`}
                      value={value}
                      checked={values[item.id] === value}
                      onChange={() =>
                        setValues({ ...values, [item.id]: value })
                      }
                    />
                    {checklistValueLabel(trans, value)}
                  </label>
                </td>
              ))}
            </tr>
          ))}
          {model.derivedItems.map(item => (
            <tr key={item.id} data-item={item.id} className="jp-jms-Muted">
              <th scope="row">{item.label}</th>
              <td colSpan={Math.max(choices.length, 1)}>
                {model.draft?.vetted
                  ? trans.__('vetted by the council')
                  : trans.__('waiting for council vetting')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {choices.includes('pass') && items.length > 0 && (
        <button
          className="jp-jms-LinkButton"
          onClick={() =>
            setValues(Object.fromEntries(items.map(i => [i.id, 'pass'])))
          }
        >
          {trans.__('Mark every item as pass')}
        </button>
      )}
      <label className="jp-jms-Field">
        <span className="jp-jms-Field-label">
          {trans.__('Comment to the authors')}
        </span>
        <textarea
          name="verdict-comment"
          rows={3}
          value={comment}
          onChange={e => setComment(e.target.value)}
        />
      </label>
      <Messages items={errors['']} />
      <div className="jp-jms-Buttons">
        {verdicts.map(v => (
          <button
            key={v}
            data-verdict={v}
            disabled={busy}
            className={`jp-mod-styled ${v === 'approve' ? 'jp-mod-accept' : v === 'reject' ? 'jp-mod-warn' : ''}`}
            onClick={() => void give(v)}
          >
            {actionLabel(trans, v)}
          </button>
        ))}
      </div>
    </section>
  );
}

/**
 * A council member's vetting of the post's language.
 */
export function VetPanel(props: {
  model: ReviewModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { model, trans } = props;
  const mine = model.myVetting;
  const [comment, setComment] = React.useState(mine?.comment ?? '');
  const [errors, setErrors] = React.useState<string[]>([]);
  const [busy, setBusy] = React.useState(false);
  const mineKey = mine ? `${mine.id}:${mine.verdict}:${mine.revision}` : '';
  React.useEffect(() => {
    setComment(mine?.comment ?? '');
  }, [mineKey]);
  if (!model.can('vet')) {
    return null;
  }
  const vet = async (verdict: VetVerdict) => {
    setBusy(true);
    setErrors([]);
    try {
      await model.vet(verdict, comment);
    } catch (error) {
      setErrors(Object.values(failureMessages(error)).flat());
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="jp-jms-Panel" data-section="vet">
      <h3>
        {mine
          ? trans.__('Change your vetting (%1)', model.draft?.language ?? '')
          : trans.__('Vet the language (%1)', model.draft?.language ?? '')}
      </h3>
      {mine && (
        <p className="jp-jms-MyVerdict" data-verdict-given={mine.verdict}>
          {mine.verdict === 'approve'
            ? trans.__(
                'You approved the language of revision %1. Vetting again replaces it.',
                mine.revision
              )
            : trans.__(
                'You rejected the language of revision %1. Vetting again replaces it.',
                mine.revision
              )}
        </p>
      )}
      <textarea
        aria-label={trans.__('Vetting comment')}
        rows={2}
        value={comment}
        onChange={e => setComment(e.target.value)}
      />
      <Messages items={errors} />
      <div className="jp-jms-Buttons">
        <button
          className="jp-mod-styled jp-mod-accept"
          disabled={busy}
          onClick={() => void vet('approve')}
        >
          {trans.__('Language approved')}
        </button>
        <button
          className="jp-mod-styled jp-mod-warn"
          disabled={busy}
          onClick={() => void vet('reject')}
        >
          {trans.__('Language rejected')}
        </button>
      </div>
    </section>
  );
}

/**
 * Withdraw, behind a confirmation dialog. Scheduling, publishing and recording where a post
 * went out (the blog's URL and each channel) have one place: the Publishing section.
 */
export function TransitionButtons(props: {
  model: ReviewModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { model, trans } = props;
  const [errors, setErrors] = React.useState<string[]>([]);
  const actions = model.transitions.filter(a => a === 'withdraw');
  if (actions.length === 0) {
    return null;
  }
  const run = async (action: TransitionAction) => {
    setErrors([]);
    const result = await showDialog({
      title: actionLabel(trans, action),
      body: trans.__(
        'Withdraw “%1”? It stays on record, and the notebook can be submitted again later.',
        model.draft?.title ?? ''
      ),
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: actionLabel(trans, action) })
      ]
    });
    if (!result.button.accept) {
      return;
    }
    try {
      await model.transition(action, {});
    } catch (error) {
      setErrors(Object.values(failureMessages(error)).flat());
    }
  };
  return (
    <section className="jp-jms-Panel" data-section="transitions">
      <div className="jp-jms-Buttons">
        {actions.map(a => (
          <button
            key={a}
            data-action={a}
            className="jp-mod-styled"
            onClick={() => void run(a)}
          >
            {actionLabel(trans, a)}
          </button>
        ))}
      </div>
      <Messages items={errors} />
    </section>
  );
}
