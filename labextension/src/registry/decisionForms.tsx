import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IRosterMember } from './decisionsApi';
import { Field } from './formRows';
import { registryLabel } from './labels';
import { DecisionsModel, parseOptions, setPresent } from './votes';

/**
 * The fields a vote is called with, for a new vote and for a proposal's vote alike.
 */
export interface IVoteFields {
  question: 'yes_no' | 'ranked';
  options: string;
  secondedBy: string;
  period: string;
  /** Usernames, in the roster's order. */
  present: string[];
}

export const NO_VOTE_FIELDS: IVoteFields = {
  question: 'yes_no',
  options: '',
  secondedBy: '',
  period: '7',
  present: []
};

export function voteBody(f: IVoteFields) {
  return {
    question: f.question,
    options: f.question === 'ranked' ? parseOptions(f.options) : undefined,
    seconded_by: f.secondedBy.trim(),
    period_days: f.period === '' ? undefined : Number(f.period),
    present: f.present.length > 0 ? f.present : undefined
  };
}

/**
 * Who is present, ticked from the roster, with "all" and "none" to start from.
 */
export function PresentPicker(props: {
  present: string[];
  onPresent: (present: string[]) => void;
  members: IRosterMember[];
  error: string | null;
  trans: TranslationBundle;
}): JSX.Element {
  const { present, members, trans } = props;
  const roster = members.map(m => m.username);
  return (
    <fieldset className="jp-jms-Present" data-field="present">
      <legend>
        {trans.__(
          'Present (%1 of %2; a period under 7 days needs every voting member)',
          present.length,
          members.length
        )}
      </legend>
      {props.error ? (
        <p className="jp-jms-Error" role="alert">
          {props.error}
        </p>
      ) : (
        <>
          <div className="jp-jms-Actions">
            <button
              type="button"
              className="jp-mod-styled"
              data-action="present-all"
              disabled={present.length === members.length}
              onClick={() => props.onPresent(roster)}
            >
              {trans.__('All')}
            </button>
            <button
              type="button"
              className="jp-mod-styled"
              data-action="present-none"
              disabled={present.length === 0}
              onClick={() => props.onPresent([])}
            >
              {trans.__('None')}
            </button>
          </div>
          <ul className="jp-jms-PresentList">
            {members.map(m => (
              <li key={m.username}>
                <label>
                  <input
                    type="checkbox"
                    name="present"
                    value={m.username}
                    checked={present.includes(m.username)}
                    onChange={e =>
                      props.onPresent(
                        setPresent(
                          present,
                          m.username,
                          e.target.checked,
                          roster
                        )
                      )
                    }
                  />{' '}
                  {m.name || m.username}{' '}
                  <span className="jp-jms-Muted">
                    @{m.username}
                    {m.roles.length > 0 &&
                      ` · ${m.roles.map(r => registryLabel(trans, r)).join(', ')}`}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}

export function VoteFields(props: {
  fields: IVoteFields;
  set: (f: IVoteFields) => void;
  members: IRosterMember[];
  membersError: string | null;
  trans: TranslationBundle;
}): JSX.Element {
  const { fields: f, set, trans } = props;
  return (
    <>
      <label className="jp-jms-Field">
        <span>{trans.__('Question')}</span>
        <select
          name="question"
          value={f.question}
          onChange={e =>
            set({ ...f, question: e.target.value as IVoteFields['question'] })
          }
        >
          <option value="yes_no">{trans.__('Yes or no')}</option>
          <option value="ranked">{trans.__('Ranked choice')}</option>
        </select>
      </label>
      {f.question === 'ranked' && (
        <label className="jp-jms-Field">
          <span>{trans.__('Options (one per line)')}</span>
          <textarea
            name="options"
            rows={4}
            value={f.options}
            onChange={e => set({ ...f, options: e.target.value })}
          />
        </label>
      )}
      <Field
        label={trans.__('Seconded by (username)')}
        name="seconded_by"
        value={f.secondedBy}
        onValue={v => set({ ...f, secondedBy: v })}
      />
      <Field
        label={trans.__('Period (days)')}
        name="period_days"
        type="number"
        min={0}
        value={f.period}
        onValue={v => set({ ...f, period: v })}
      />
      <PresentPicker
        present={f.present}
        onPresent={present => set({ ...f, present })}
        members={props.members}
        error={props.membersError}
        trans={trans}
      />
    </>
  );
}

export function ProposeForm(props: {
  model: DecisionsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
}): JSX.Element {
  const { model, trans } = props;
  const [type, setType] = React.useState<'proposal' | 'vote'>('proposal');
  const [title, setTitle] = React.useState('');
  const [body, setBody] = React.useState('');
  const [link, setLink] = React.useState('');
  const [vote, setVote] = React.useState<IVoteFields>(NO_VOTE_FIELDS);
  return (
    <details className="jp-jms-Propose">
      <summary>{trans.__('Propose a decision')}</summary>
      <form
        className="jp-jms-Form"
        onSubmit={e => {
          e.preventDefault();
          const base = { title, body, link };
          void model
            .propose(
              type === 'vote'
                ? { type, ...base, ...voteBody(vote) }
                : { type, ...base }
            )
            .then(ok => {
              if (ok) {
                setTitle('');
                setBody('');
                setLink('');
                setVote(NO_VOTE_FIELDS);
              }
              props.onDone(ok);
            });
        }}
      >
        <fieldset className="jp-jms-Choices">
          <legend>{trans.__('Kind')}</legend>
          <label>
            <input
              type="radio"
              name="type"
              value="proposal"
              checked={type === 'proposal'}
              onChange={() => setType('proposal')}
            />
            {trans.__('A proposal (vote called later, or consensus)')}
          </label>
          <label>
            <input
              type="radio"
              name="type"
              value="vote"
              checked={type === 'vote'}
              onChange={() => setType('vote')}
            />
            {trans.__('A vote, opened now')}
          </label>
        </fieldset>
        <Field
          label={trans.__('Title')}
          name="title"
          value={title}
          onValue={setTitle}
        />
        <label className="jp-jms-Field">
          <span>{trans.__('Text')}</span>
          <textarea
            name="body"
            rows={3}
            value={body}
            onChange={e => setBody(e.target.value)}
          />
        </label>
        <Field
          label={trans.__('Link (discussion, issue)')}
          name="link"
          value={link}
          onValue={setLink}
        />
        {type === 'vote' && (
          <VoteFields
            fields={vote}
            set={setVote}
            members={model.members}
            membersError={model.membersError}
            trans={trans}
          />
        )}
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          disabled={model.busy}
        >
          {type === 'vote' ? trans.__('Open the vote') : trans.__('Propose')}
        </button>
      </form>
    </details>
  );
}
