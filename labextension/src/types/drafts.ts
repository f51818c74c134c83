/**
 * Drafts as the API lists and details them, their states and the transitions between them.
 *
 * The frontend only reads these: every rule (who may act, what a state means) is decided by
 * the server and shown as it answers (`allowed_actions`).
 */

import type { IPublication } from './publishing';
import type { ICheck, IComment, IReview, IVetting } from './review';

/**
 * A draft's place in the review workflow.
 */
export type DraftState =
  | 'submitted'
  | 'in_review'
  | 'changes_requested'
  | 'approved'
  | 'scheduled'
  | 'published'
  | 'rejected'
  | 'withdrawn';

/**
 * What the caller may do to a draft, from `allowed_actions`.
 */
export type DraftAction =
  | 'comment'
  | 'approve'
  | 'request_changes'
  | 'reject'
  | 'vet'
  | 'resubmit'
  | 'withdraw'
  | 'schedule'
  | 'publish';

/**
 * A draft as lists show it.
 */
export interface IDraft {
  id: string;
  path: string;
  title: string;
  subtitle: string;
  summary?: string;
  language: string;
  authors: string[];
  channels: string[];
  tags?: string[];
  third_party: boolean;
  state: DraftState;
  revision: number;
  version: number;
  submitted_by: string;
  created_at: string | null;
  updated_at: string | null;
  publish_at?: string | null;
  approvals: number;
  required_approvals: number;
  /**
   * Whether the draft still collects approvals (absent on older servers): the approval
   * count is shown only then.
   */
  collects_approvals?: boolean;
  open_change_requests?: number;
  needs_vetting: boolean;
  vetted: boolean;
}

/**
 * `GET drafts`: one page of drafts.
 */
export interface IDraftPage {
  items: IDraft[];
  next: string | null;
  total: number;
}

/**
 * One submitted snapshot of the notebook.
 */
export interface IRevisionInfo {
  n: number;
  sha256: string;
  size: number;
  path: string;
  submitted_by: string;
  created_at: string | null;
}

/**
 * One event of the draft's audit trail.
 */
export interface IHistoryEvent {
  id: string;
  at: string | null;
  actor: string;
  action: string;
  data: Record<string, unknown> | null;
}

/**
 * `GET drafts/{id}`: a draft with everything the review view shows.
 */
export interface IDraftDetail extends IDraft {
  revisions: IRevisionInfo[];
  post: Record<string, unknown> | null;
  reviews: IReview[];
  vettings: IVetting[];
  comments: IComment[];
  publications: IPublication[];
  checks: ICheck[];
  history: IHistoryEvent[];
  last_reviewed_revision: number | null;
  /** The caller's own review of the current revision (absent on older servers). */
  my_review?: IReview | null;
  /** The caller's own vetting of the current revision (absent on older servers). */
  my_vetting?: IVetting | null;
  allowed_actions: DraftAction[];
}

/**
 * The body of `POST drafts/{id}/transitions`.
 */
export interface ITransitionRequest {
  to: 'withdrawn' | 'scheduled' | 'published';
  if_version: number;
  publish_at?: string;
  publications?: { channel: string; url: string }[];
}
