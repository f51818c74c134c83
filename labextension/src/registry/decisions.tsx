import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { TabFrame, useActed, useModel } from './common';
import {
  decisionStatusLabel,
  methodLabel,
  outcomeLabel
} from './decisionLabels';
import { DecisionDetail } from './decisionBallot';
import { ProposeForm } from './decisionForms';
import type { IRegistryTabProps } from './tab';
import { DecisionsModel } from './votes';

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
  const acted = useActed(props.changed);
  const selected = model.selected;
  return (
    <TabFrame
      className="jp-jms-Governance jp-jms-Decisions"
      loadError={model.loadError}
      failure={model.failure}
      notice={model.notice ? noticeText(model.notice, trans) : null}
    >
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
    </TabFrame>
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
    case 'withdrawn':
      return trans.__('Withdrawn.');
  }
}
