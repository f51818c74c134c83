import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { isWebUrl } from '../ui/text';
import type {
  DecisionMethod,
  DecisionStatus,
  IDecisionDetail,
  ITally
} from './decisionsApi';
import { FailureView, useModel } from './meetings';
import type { IRegistryTabProps } from './tab';
import { DecisionsModel, parseOptions, parseUsernames } from './votes';

function decisionStatusLabel(
  status: DecisionStatus,
  trans: TranslationBundle
): string {
  switch (status) {
    case 'proposed':
      return trans.__('Proposed');
    case 'open':
      return trans.__('Vote open');
    case 'closed':
      return trans.__('Closed');
    case 'withdrawn':
      return trans.__('Withdrawn');
    default:
      return status;
  }
}

function methodLabel(method: DecisionMethod, trans: TranslationBundle): string {
  switch (method) {
    case 'consensus':
      return trans.__('Consensus');
    case 'yes_no':
      return trans.__('Yes or no');
    case 'ranked':
      return trans.__('Ranked choice');
    default:
      return method;
  }
}

/**
 * The server's outcome names, in words; an outcome this front does not know is shown as
 * the server gives it.
 */
function outcomeLabel(
  outcome: string | null | undefined,
  trans: TranslationBundle
): string {
  switch (outcome) {
    case 'passed':
      return trans.__('Passed');
    case 'failed':
      return trans.__('Failed');
    case 'no_quorum':
      return trans.__('No quorum');
    case 'elected':
      return trans.__('Elected');
    case 'tie':
      return trans.__('Tie');
    case 'no_result':
      return trans.__('No result');
    case 'consensus':
      return trans.__('Consensus');
    case null:
    case undefined:
      return '';
    default:
      return outcome;
  }
}

function choiceLabel(choice: string, trans: TranslationBundle): string {
  switch (choice) {
    case 'yes':
      return trans.__('Yes');
    case 'no':
      return trans.__('No');
    case 'blank':
      return trans.__('Blank');
    default:
      return choice;
  }
}

/**
 * The Decisions tab of the Registry and Governance area.
 */
export function DecisionsTab(props: IRegistryTabProps): JSX.Element {
  const model = React.useMemo(
    () => new DecisionsModel(props.client, props.me),
    [props.client, props.me]
  );
  React.useEffect(() => {
    void model.load();
  }, [model]);
  return (
    <DecisionsView model={model} trans={props.trans} changed={props.changed} />
  );
}

export interface IDecisionsViewProps {
  model: DecisionsModel;
  trans: TranslationBundle;
  changed: () => void;
}

/**
 * What the Decisions tab shows for the state of its model.
 */
export function DecisionsView(props: IDecisionsViewProps): JSX.Element {
  const { model, trans } = props;
  useModel(model);
  const acted = (ok: boolean) => {
    if (ok) {
      props.changed();
    }
  };
  if (model.loadError) {
    return (
      <div className="jp-jms-Governance jp-jms-Decisions">
        <div className="jp-jms-Error" role="alert">
          <p>{model.loadError}</p>
        </div>
      </div>
    );
  }
  const selected = model.selected;
  return (
    <div className="jp-jms-Governance jp-jms-Decisions">
      <FailureView failure={model.failure} />
      {model.notice && (
        <p className="jp-jms-Notice" role="status">
          {noticeText(model.notice, trans)}
        </p>
      )}
      <section className="jp-jms-Section" data-section="decisions">
        <h3>{trans.__('Decisions')}</h3>
        {model.decisions.length === 0 ? (
          <p className="jp-jms-Muted">{trans.__('No decisions yet.')}</p>
        ) : (
          <table className="jp-jms-Table">
            <thead>
              <tr>
                <th scope="col">{trans.__('Decision')}</th>
                <th scope="col">{trans.__('Method')}</th>
                <th scope="col">{trans.__('Status')}</th>
                <th scope="col">{trans.__('Outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {model.decisions.map(d => (
                <tr
                  key={d.id}
                  data-decision-id={d.id}
                  data-status={d.status}
                  aria-current={d.id === selected?.id ? 'true' : undefined}
                >
                  <td>
                    <button
                      type="button"
                      className="jp-jms-LinkButton"
                      onClick={() => void model.select(d.id)}
                    >
                      {d.title}
                    </button>
                  </td>
                  <td>{methodLabel(d.method, trans)}</td>
                  <td>{decisionStatusLabel(d.status, trans)}</td>
                  <td>
                    {outcomeLabel(d.outcome, trans)}
                    {d.winner ? `: ${d.winner}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {model.canPropose && (
          <ProposeForm model={model} trans={trans} onDone={acted} />
        )}
      </section>
      {selected && (
        <DecisionDetail
          decision={selected}
          model={model}
          trans={trans}
          onDone={acted}
        />
      )}
    </div>
  );
}

function noticeText(
  notice: NonNullable<DecisionsModel['notice']>,
  trans: TranslationBundle
): string {
  switch (notice) {
    case 'proposed':
      return trans.__('Decision recorded.');
    case 'opened':
      return trans.__('Vote opened.');
    case 'voted':
      return trans.__('Ballot cast.');
    case 'closed':
      return trans.__('Closed.');
  }
}

/**
 * The fields a vote is called with, for a new vote and for a proposal's vote alike.
 */
interface IVoteFields {
  question: 'yes_no' | 'ranked';
  options: string;
  secondedBy: string;
  period: string;
  present: string;
}

const NO_VOTE_FIELDS: IVoteFields = {
  question: 'yes_no',
  options: '',
  secondedBy: '',
  period: '7',
  present: ''
};

function voteBody(f: IVoteFields) {
  return {
    question: f.question,
    options: f.question === 'ranked' ? parseOptions(f.options) : undefined,
    seconded_by: f.secondedBy.trim(),
    period_days: f.period === '' ? undefined : Number(f.period),
    present: f.present.trim() ? parseUsernames(f.present) : undefined
  };
}

function VoteFields(props: {
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
      <label className="jp-jms-Field">
        <span>{trans.__('Seconded by (username)')}</span>
        <input
          name="seconded_by"
          value={f.secondedBy}
          onChange={e => set({ ...f, secondedBy: e.target.value })}
        />
      </label>
      <label className="jp-jms-Field">
        <span>{trans.__('Period (days)')}</span>
        <input
          name="period_days"
          type="number"
          min={0}
          value={f.period}
          onChange={e => set({ ...f, period: e.target.value })}
        />
      </label>
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

function ProposeForm(props: {
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
        <label className="jp-jms-Field">
          <span>{trans.__('Title')}</span>
          <input
            name="title"
            value={title}
            onChange={e => setTitle(e.target.value)}
          />
        </label>
        <label className="jp-jms-Field">
          <span>{trans.__('Text')}</span>
          <textarea
            name="body"
            rows={3}
            value={body}
            onChange={e => setBody(e.target.value)}
          />
        </label>
        <label className="jp-jms-Field">
          <span>{trans.__('Link (discussion, issue)')}</span>
          <input
            name="link"
            value={link}
            onChange={e => setLink(e.target.value)}
          />
        </label>
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

function DecisionDetail(props: {
  decision: IDecisionDetail;
  model: DecisionsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
}): JSX.Element {
  const { decision: d, model, trans } = props;
  const actions = model.actions;
  const [vote, setVote] = React.useState<IVoteFields>(NO_VOTE_FIELDS);
  return (
    <section
      className="jp-jms-Section jp-jms-Decision"
      data-section="decision"
      data-decision-id={d.id}
      data-status={d.status}
      aria-label={d.title}
    >
      <h3>{d.title}</h3>
      <p className="jp-jms-Muted">
        {methodLabel(d.method, trans)} · {decisionStatusLabel(d.status, trans)}
        {d.seconded_by ? ` · ${trans.__('seconded by %1', d.seconded_by)}` : ''}
        {d.closes_at && d.status === 'open'
          ? ` · ${trans.__('closes %1', d.closes_at)}`
          : ''}
      </p>
      {d.body && <p className="jp-jms-DecisionBody">{d.body}</p>}
      {isWebUrl(d.link) && (
        <p>
          <a href={d.link} target="_blank" rel="noopener noreferrer">
            {d.link}
          </a>
        </p>
      )}
      {d.status !== 'proposed' && d.method !== 'consensus' && (
        <p className="jp-jms-Muted" data-field="electorate">
          {trans.__(
            'Electorate: %1. Voted: %2 of %3 (quorum %4).',
            d.eligible.join(', '),
            d.voted.length,
            d.eligible.length,
            d.quorum_needed ?? '—'
          )}
        </p>
      )}
      {actions.vote && (
        <BallotForm
          decision={d}
          model={model}
          trans={trans}
          onDone={props.onDone}
        />
      )}
      {d.status === 'open' && !d.can_vote && (
        <p className="jp-jms-Muted">
          {d.voted.includes(model.me.username)
            ? trans.__('You have voted in this round.')
            : trans.__('You are not in the electorate of this vote.')}
        </p>
      )}
      {actions.open && (
        <details className="jp-jms-OpenVote">
          <summary>{trans.__('Call the vote')}</summary>
          <form
            className="jp-jms-Form"
            onSubmit={e => {
              e.preventDefault();
              void model.openVote(voteBody(vote)).then(props.onDone);
            }}
          >
            <VoteFields fields={vote} set={setVote} trans={trans} />
            <button
              type="submit"
              className="jp-mod-styled jp-mod-accept"
              disabled={model.busy}
            >
              {trans.__('Open the vote')}
            </button>
          </form>
        </details>
      )}
      <div className="jp-jms-Actions">
        {actions.consensus && (
          <button
            type="button"
            className="jp-mod-styled"
            data-action="consensus"
            disabled={model.busy}
            onClick={() => void model.close(true).then(props.onDone)}
          >
            {trans.__('Record consensus')}
          </button>
        )}
        {actions.close && (
          <button
            type="button"
            className="jp-mod-styled jp-mod-warn"
            data-action="close"
            disabled={model.busy}
            onClick={() => void model.close().then(props.onDone)}
          >
            {trans.__('Close the vote')}
          </button>
        )}
      </div>
      {d.status === 'closed' && <ResultView decision={d} trans={trans} />}
    </section>
  );
}

function BallotForm(props: {
  decision: IDecisionDetail;
  model: DecisionsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
}): JSX.Element {
  const { decision: d, model, trans } = props;
  const cast = (choice?: 'yes' | 'no' | 'blank') =>
    void model.vote(choice).then(props.onDone);
  if (d.method !== 'ranked') {
    return (
      <div
        className="jp-jms-Ballot"
        role="group"
        aria-label={trans.__('Your ballot')}
      >
        <button
          type="button"
          className="jp-mod-styled jp-mod-accept"
          data-choice="yes"
          disabled={model.busy}
          onClick={() => cast('yes')}
        >
          {trans.__('Yes')}
        </button>
        <button
          type="button"
          className="jp-mod-styled"
          data-choice="no"
          disabled={model.busy}
          onClick={() => cast('no')}
        >
          {trans.__('No')}
        </button>
        <button
          type="button"
          className="jp-mod-styled"
          data-choice="blank"
          disabled={model.busy}
          onClick={() => cast('blank')}
        >
          {trans.__('Blank')}
        </button>
      </div>
    );
  }
  const ranking = model.ranking;
  return (
    <div
      className="jp-jms-Ballot"
      aria-label={trans.__('Your ballot')}
      role="group"
    >
      <p>{trans.__('Order the options, best first:')}</p>
      <ol className="jp-jms-Ranking">
        {ranking.map((option, i) => (
          <li key={option} data-option={option}>
            <span className="jp-jms-RankingOption">{option}</span>
            <button
              type="button"
              className="jp-mod-styled jp-jms-RankButton"
              data-move="up"
              disabled={model.busy || i === 0}
              aria-label={trans.__('Move %1 up', option)}
              onClick={() => model.move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="jp-mod-styled jp-jms-RankButton"
              data-move="down"
              disabled={model.busy || i === ranking.length - 1}
              aria-label={trans.__('Move %1 down', option)}
              onClick={() => model.move(i, 1)}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="jp-mod-styled jp-mod-accept"
        data-choice="ranked"
        disabled={model.busy}
        onClick={() => cast()}
      >
        {trans.__('Cast this ranking')}
      </button>
      <button
        type="button"
        className="jp-mod-styled"
        data-choice="blank"
        disabled={model.busy}
        onClick={() => cast('blank')}
      >
        {trans.__('Blank')}
      </button>
    </div>
  );
}

/**
 * The result as the server computed it: outcome, winner and the tally's figures, never
 * recomputed here.
 */
function ResultView(props: {
  decision: IDecisionDetail;
  trans: TranslationBundle;
}): JSX.Element {
  const { decision: d, trans } = props;
  const t: ITally = d.tally ?? {};
  const rounds = Array.isArray(t.rounds) ? t.rounds : [];
  const names = Array.from(new Set(rounds.flatMap(r => Object.keys(r))));
  return (
    <div className="jp-jms-Result" data-outcome={d.outcome ?? ''}>
      <h4>{trans.__('Result')}</h4>
      <p className="jp-jms-Outcome">
        <strong>{outcomeLabel(d.outcome, trans)}</strong>
        {d.winner ? ` · ${trans.__('winner: %1', d.winner)}` : ''}
        {Array.isArray(t.tied) && t.tied.length > 0
          ? ` · ${trans.__('tied: %1', t.tied.join(', '))}`
          : ''}
      </p>
      <dl className="jp-jms-Evidence">
        {t.eligible !== undefined && (
          <>
            <dt>{trans.__('Electorate')}</dt>
            <dd data-figure="eligible">{t.eligible}</dd>
          </>
        )}
        {t.cast !== undefined && (
          <>
            <dt>{trans.__('Ballots cast')}</dt>
            <dd data-figure="cast">{t.cast}</dd>
          </>
        )}
        {t.blank !== undefined && (
          <>
            <dt>{trans.__('Blank')}</dt>
            <dd data-figure="blank">{t.blank}</dd>
          </>
        )}
        {t.quorum !== undefined && (
          <>
            <dt>{trans.__('Quorum')}</dt>
            <dd data-figure="quorum">{t.quorum}</dd>
          </>
        )}
        {t.counts &&
          Object.entries(t.counts).map(([k, v]) => (
            <React.Fragment key={k}>
              <dt>{choiceLabel(k, trans)}</dt>
              <dd data-count={k}>{v}</dd>
            </React.Fragment>
          ))}
      </dl>
      {rounds.length > 0 && (
        <table className="jp-jms-Table" data-table="rounds">
          <caption>{trans.__('Instant-runoff rounds')}</caption>
          <thead>
            <tr>
              <th scope="col">{trans.__('Option')}</th>
              {rounds.map((_, i) => (
                <th key={i} scope="col">
                  {trans.__('Round %1', i + 1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map(name => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {rounds.map((r, i) => (
                  <td key={i}>{r[name] ?? '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.ballots && d.ballots.length > 0 && (
        <details>
          <summary>
            {trans._n('%1 ballot', '%1 ballots', d.ballots.length)}
          </summary>
          <ul className="jp-jms-Ballots">
            {d.ballots.map(b => (
              <li key={b.voter} data-voter={b.voter}>
                {b.voter}:{' '}
                {b.choice === 'ranked'
                  ? b.ranking.join(' > ')
                  : choiceLabel(b.choice, trans)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
