import { TranslationBundle } from '@jupyterlab/translation';

import type { DraftAction, DraftState } from './types/drafts';

/**
 * The words the UI shows for a draft state. Unknown states (from a newer server) are
 * shown as the server names them.
 */
export function stateLabel(trans: TranslationBundle, state: string): string {
  const labels: Record<DraftState, string> = {
    submitted: trans.__('Submitted'),
    in_review: trans.__('In review'),
    changes_requested: trans.__('Changes requested'),
    approved: trans.__('Approved'),
    scheduled: trans.__('Scheduled'),
    published: trans.__('Published'),
    rejected: trans.__('Rejected'),
    withdrawn: trans.__('Withdrawn')
  };
  return labels[state as DraftState] ?? state;
}

/**
 * The label of a button for an action the server allows.
 */
export function actionLabel(trans: TranslationBundle, action: string): string {
  const labels: Record<DraftAction, string> = {
    comment: trans.__('Comment'),
    approve: trans.__('Approve'),
    request_changes: trans.__('Request changes'),
    reject: trans.__('Reject'),
    vet: trans.__('Vet language'),
    resubmit: trans.__('Submit a new revision'),
    withdraw: trans.__('Withdraw'),
    schedule: trans.__('Schedule'),
    publish: trans.__('Record publication')
  };
  return labels[action as DraftAction] ?? action;
}

/**
 * A review or vetting verdict as a past-tense phrase ("approved").
 */
export function verdictLabel(
  trans: TranslationBundle,
  verdict: string
): string {
  switch (verdict) {
    case 'approve':
      return trans.__('approved');
    case 'request_changes':
      return trans.__('requested changes');
    case 'reject':
      return trans.__('rejected');
    default:
      return verdict;
  }
}

/**
 * A checklist value as the reviewer picks it.
 */
export function checklistValueLabel(
  trans: TranslationBundle,
  value: string
): string {
  switch (value) {
    case 'pass':
      return trans.__('Pass');
    case 'fail':
      return trans.__('Fail');
    case 'n/a':
      return trans.__('N/A');
    default:
      return value;
  }
}

/**
 * An audit event name ("draft.reviewed") as a phrase.
 */
export function eventLabel(trans: TranslationBundle, action: string): string {
  const labels: Record<string, string> = {
    'draft.submitted': trans.__('submitted the draft'),
    'draft.resubmitted': trans.__('submitted a new revision'),
    'draft.reviewed': trans.__('reviewed'),
    'draft.vetted': trans.__('vetted the language'),
    'draft.review_changed': trans.__('changed their review'),
    'draft.vetting_changed': trans.__('changed their vetting'),
    'draft.commented': trans.__('commented'),
    'draft.state_changed': trans.__('state changed'),
    'draft.withdrawn': trans.__('withdrew the draft'),
    'draft.scheduled': trans.__('scheduled the post'),
    'draft.published': trans.__('recorded the publication')
  };
  return labels[action] ?? action;
}

/**
 * A timestamp from the API in the reader's locale, or '' when there is none.
 */
export function formatTime(value: string | null | undefined): string {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}
