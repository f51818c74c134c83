import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { PresentPicker } from './decisionForms';
import type { IDecisionDetail } from './decisionsApi';
import { Field } from './formRows';
import { DecisionsModel } from './votes';

/**
 * Record a proposal's consensus, with who was present.
 */
export function ConsensusForm(props: {
  model: DecisionsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
}): JSX.Element {
  const { model, trans } = props;
  const [present, setPresent] = React.useState<string[]>([]);
  return (
    <details className="jp-jms-Consensus">
      <summary>{trans.__('Record consensus')}</summary>
      <form
        className="jp-jms-Form"
        onSubmit={e => {
          e.preventDefault();
          void model.close(true, present).then(props.onDone);
        }}
      >
        <PresentPicker
          present={present}
          onPresent={setPresent}
          members={model.members}
          error={model.membersError}
          trans={trans}
        />
        <button
          type="submit"
          className="jp-mod-styled jp-mod-accept"
          data-action="consensus"
          disabled={model.busy}
        >
          {trans.__('Record consensus')}
        </button>
      </form>
    </details>
  );
}

/**
 * Withdraw the decision, with a reason kept on record, after a confirmation: a withdrawn
 * decision is final.
 */
export function WithdrawForm(props: {
  decision: IDecisionDetail;
  model: DecisionsModel;
  trans: TranslationBundle;
  onDone: (ok: boolean) => void;
}): JSX.Element {
  const { decision: d, model, trans } = props;
  const [reason, setReason] = React.useState('');
  const withdraw = async () => {
    const answer = await showDialog({
      title: trans.__('Withdraw'),
      body: trans.__(
        'Withdraw “%1”? A withdrawn decision is final: it cannot be voted on, closed or changed again.',
        d.title
      ),
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Withdraw') })
      ]
    });
    if (answer.button.accept) {
      props.onDone(await model.withdraw(reason));
    }
  };
  return (
    <details className="jp-jms-Withdraw">
      <summary>{trans.__('Withdraw')}</summary>
      <form
        className="jp-jms-Form"
        onSubmit={e => {
          e.preventDefault();
          void withdraw();
        }}
      >
        <Field
          label={trans.__('Reason (kept on record)')}
          name="reason"
          value={reason}
          onValue={setReason}
        />
        <button
          type="submit"
          className="jp-mod-styled jp-mod-warn"
          data-action="withdraw"
          disabled={model.busy}
        >
          {trans.__('Withdraw this decision')}
        </button>
      </form>
    </details>
  );
}
