/**
 * The review of a draft: editors' verdicts with the checklist, council vetting, comments and
 * automated pre-checks, and the bodies and answers of `POST drafts/{id}/reviews`.
 */

import type { DraftState } from './drafts';

/**
 * An editor's verdict on a revision.
 */
export type Verdict = 'approve' | 'request_changes' | 'reject';

/**
 * A council member's verdict on the language of a revision.
 */
export type VetVerdict = 'approve' | 'reject';

/**
 * An editor's review of one revision.
 */
export interface IReview {
  id: string;
  revision: number;
  reviewer: string;
  verdict: Verdict;
  checklist: Record<string, string>;
  comment: string;
  created_at: string | null;
  voided: boolean;
}

/**
 * A council member's vetting of one revision.
 */
export interface IVetting {
  id: string;
  revision: number;
  vetter: string;
  language: string;
  verdict: VetVerdict;
  comment: string;
  created_at: string | null;
  voided: boolean;
}

/**
 * A comment on a revision, on one of its cells when `cell_id` is set.
 */
export interface IComment {
  id: string;
  revision: number;
  cell_id: string | null;
  author: string;
  body: string;
  created_at: string | null;
}

/**
 * An automated pre-check of the current revision (it warns; it never blocks).
 */
export interface ICheck {
  id: string;
  status: 'ok' | 'warning';
  message: string;
  cells: string[];
}

/**
 * One item of the editorial checklist.
 */
export interface IChecklistItem {
  id: string;
  label: string;
  applies: boolean;
  derived: boolean;
}

/**
 * `GET checks/checklist`.
 */
export interface IChecklistInfo {
  values: string[];
  items: IChecklistItem[];
}

/**
 * The body of `POST drafts/{id}/reviews`.
 */
export interface IReviewRequest {
  revision: number;
  verdict: Verdict;
  checklist: Record<string, string>;
  comment: string;
}

/**
 * The answer to a review or vetting: the draft's state after it.
 */
export interface IVerdictResult {
  id: string;
  state: DraftState;
  version: number;
}
