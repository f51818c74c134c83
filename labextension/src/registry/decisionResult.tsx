import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IDecisionDetail, ITally } from './decisionsApi';
import { choiceLabel, outcomeLabel } from './decisionLabels';

/**
 * The result as the server computed it: outcome, winner and the tally's figures, never
 * recomputed here.
 */
export function ResultView(props: {
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
