/**
 * Shapes of the jupyter-jms REST API answers, as `jupyter_jms/openapi.yaml` describes them.
 *
 * The frontend only reads these: every rule (who may act, what a state means, which
 * checklist items apply) is decided by the server and shown as it answers.
 */

import type { IFieldError } from './api';

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
 * An editor's verdict on a revision.
 */
export type Verdict = 'approve' | 'request_changes' | 'reject';

/**
 * A council member's verdict on the language of a revision.
 */
export type VetVerdict = 'approve' | 'reject';

/**
 * `GET me`: the caller as jupyter-jms knows them.
 */
/**
 * What a caller may do, by name, as `GET me` lists it. Fronts show or hide features by
 * these, never by role names.
 */
export type Capability =
  | 'review'
  | 'vet'
  | 'administer_registry'
  | 'record_attendance'
  | 'read_governance'
  | 'run_reports'
  | 'vote';

export interface IMe {
  username: string;
  name: string;
  roles: string[];
  languages: string[];
  member?: boolean;
  /**
   * What the caller may do today.
   */
  capabilities: Capability[];
  /**
   * The caller's review queue: the draft states it is made of (empty: no queue).
   */
  /**
   * `vetting_first`: for a council vetter, the languages whose drafts head her queue
   * (absent on older servers, empty for everyone else).
   */
  review_queue: { states: DraftState[]; vetting_first?: string[] };
  /**
   * The JMS service a connected Lab forwards to; absent on a personal server.
   */
  service?: IServiceLink;
}

/**
 * `GET me`'s `service` in a connected Lab.
 */
export interface IServiceLink {
  url: string;
}

/**
 * A channel of the registry.
 */
export interface IChannel {
  id: string;
  name: string;
  platform: string;
  kind: string;
  url: string | null;
  handle: string | null;
  status: string;
  preferred: boolean;
  char_limit: number | null;
}

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
 * Where a published post went out.
 */
export interface IPublication {
  channel: string;
  url: string;
  published_at: string | null;
  recorded_by: string;
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
 * A metadata key that changed (dotted for nested keys, e.g. `jms.title`).
 */
export interface IDiffKey {
  key: string;
  change: 'added' | 'removed' | 'changed';
}

/**
 * One line of a changed source: kept, added or removed.
 */
export interface IDiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
}

/**
 * An output of a cell that changed, with a short summary (e.g. "image/png changed").
 */
export interface IDiffOutput {
  change: 'added' | 'removed' | 'changed';
  index: number | null;
  summary: string;
}

/**
 * How one cell changed between two revisions, as the server computed it (with nbdime).
 */
export interface IDiffCell {
  cell_id: string;
  old_cell_id: string | null;
  /**
   * `moved`: the cell changed place (`old_index` is where it was); it may have changed too.
   */
  status: 'added' | 'removed' | 'modified' | 'moved' | 'unchanged';
  cell_type: string;
  old_index: number | null;
  new_index: number | null;
  old_source: string | null;
  new_source: string | null;
  /**
   * The source's lines when it changed, else null.
   */
  source: IDiffLine[] | null;
  outputs: IDiffOutput[];
  metadata: IDiffKey[];
  /**
   * Other fields that changed, e.g. `execution_count`.
   */
  other: string[];
}

/**
 * `GET drafts/{id}/revisions/{n}/diff?from=m`.
 */
export interface IDiff {
  draft: string;
  from: number;
  to: number;
  /**
   * Whether the post metadata (`metadata.jms`) changed.
   */
  metadata_changed: boolean;
  /**
   * `id` when many cells were replaced and cells were matched by their ids only.
   */
  matched_by: 'content' | 'id';
  /**
   * The notebook metadata keys that changed.
   */
  metadata: IDiffKey[];
  cells: IDiffCell[];
}

/**
 * The post metadata a notebook carries in `metadata.jms`.
 */
export interface IPostMetadata {
  title?: string;
  subtitle?: string;
  summary?: string;
  authors?: string[];
  language?: string;
  channels?: string[];
  third_party?: boolean;
  third_party_benefit?: string;
  tags?: string[];
  publish_after?: string;
  image?: { path: string; alt?: string };
  social?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * The length of one social text as its channel's platform counts it.
 */
export interface IChannelCount {
  channel: string;
  platform: string;
  count: number;
  limit: number | null;
  over: boolean;
}

/**
 * `POST checks/post`: the live validation of the submit form.
 */
export interface IPostCheck {
  valid: boolean;
  errors: IFieldError[];
  counts: IChannelCount[];
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

/**
 * The body of `POST drafts/{id}/transitions`.
 */
export interface ITransitionRequest {
  to: 'withdrawn' | 'scheduled' | 'published';
  if_version: number;
  publish_at?: string;
  publications?: { channel: string; url: string }[];
}

/**
 * A cell of a submitted notebook, as far as the review view reads it.
 */
export interface ISnapshotCell {
  id?: string;
  cell_type: string;
  source: string | string[];
  outputs?: ISnapshotOutput[];
}

/**
 * An output of a code cell, as far as the review view reads it.
 */
export interface ISnapshotOutput {
  output_type: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/**
 * `GET drafts/{id}/revisions/{n}`: the submitted notebook.
 */
export interface ISnapshot {
  cells: ISnapshotCell[];
  metadata?: Record<string, unknown>;
}
