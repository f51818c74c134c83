import { TranslationBundle } from '@jupyterlab/translation';

import type { DecisionMethod, DecisionStatus } from './decisionsApi';

export function decisionStatusLabel(
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

export function methodLabel(
  method: DecisionMethod,
  trans: TranslationBundle
): string {
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
export function outcomeLabel(
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

export function choiceLabel(choice: string, trans: TranslationBundle): string {
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
