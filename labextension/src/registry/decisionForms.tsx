import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { Field } from './formRows';
import { DecisionsModel, parseOptions, parseUsernames } from './votes';

/**
 * The fields a vote is called with, for a new vote and for a proposal's vote alike.
 */
export interface IVoteFields {
  question: 'yes_no' | 'ranked';
  options: string;
  secondedBy: string;
  period: string;
  present: string;
}

export const NO_VOTE_FIELDS: IVoteFields = {
  question: 'yes_no',
  options: '',
  secondedBy: '',
  period: '7',
  present: ''
};

export function voteBody(f: IVoteFields) {
  return {
    question: f.question,
    options: f.question === 'ranked' ? parseOptions(f.options) : undefined,
    seconded_by: f.secondedBy.trim(),
    period_days: f.period === '' ? undefined : Number(f.period),
    present: f.present.trim() ? parseUsernames(f.present) : undefined
  };
}

export function VoteFields(props: {
  fields: IVoteFields;
  set: (f: IVoteFields) => void;
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
      <label className="jp-jms-Field">
        <span>
          {trans.__(
            'Present (usernames; a period under 7 days needs every voting member)'
          )}
        </span>
        <input
          name="present"
          value={f.present}
          onChange={e => set({ ...f, present: e.target.value })}
        />
      </label>
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
          <VoteFields fields={vote} set={setVote} trans={trans} />
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
