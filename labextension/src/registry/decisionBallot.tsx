import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { isWebUrl } from '../ui/text';
import type { IDecisionDetail } from './decisionsApi';
import {
  choiceLabel,
  decisionStatusLabel,
  methodLabel
} from './decisionLabels';
import {
  IVoteFields,
  NO_VOTE_FIELDS,
  VoteFields,
  voteBody
} from './decisionForms';
import { ConsensusForm, WithdrawForm } from './decisionActions';
import { ResultView } from './decisionResult';
import { DecisionsModel } from './votes';

/**
 * The selected decision: its record, the vote to open, the ballot and the result.
 */
export function DecisionDetail(props: {
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
            <VoteFields
              fields={vote}
              set={setVote}
              members={model.members}
              membersError={model.membersError}
              trans={trans}
            />
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
      {actions.consensus && (
        <ConsensusForm model={model} trans={trans} onDone={props.onDone} />
      )}
      <div className="jp-jms-Actions">
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
      {actions.withdraw && (
        <WithdrawForm
          decision={d}
          model={model}
          trans={trans}
          onDone={props.onDone}
        />
      )}
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
        {(['yes', 'no', 'blank'] as const).map(choice => (
          <ChoiceButton
            key={choice}
            choice={choice}
            accept={choice === 'yes'}
            disabled={model.busy}
            onCast={cast}
            trans={trans}
          />
        ))}
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
      <ChoiceButton
        choice="blank"
        disabled={model.busy}
        onCast={cast}
        trans={trans}
      />
    </div>
  );
}

/**
 * One button of a ballot: yes, no or blank, in the words `choiceLabel` gives them.
 */
function ChoiceButton(props: {
  choice: 'yes' | 'no' | 'blank';
  accept?: boolean;
  disabled: boolean;
  onCast: (choice: 'yes' | 'no' | 'blank') => void;
  trans: TranslationBundle;
}): JSX.Element {
  return (
    <button
      type="button"
      className={`jp-mod-styled${props.accept ? ' jp-mod-accept' : ''}`}
      data-choice={props.choice}
      disabled={props.disabled}
      onClick={() => props.onCast(props.choice)}
    >
      {choiceLabel(props.choice, props.trans)}
    </button>
  );
}
