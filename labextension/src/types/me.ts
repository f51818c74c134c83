/**
 * The caller, as `GET me` answers: who they are and what they may do.
 */

import type { DraftState } from './drafts';

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

/**
 * `GET me`: the caller as jupyter-jms knows them.
 */
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
