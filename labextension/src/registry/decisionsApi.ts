import { URLExt } from '@jupyterlab/coreutils';

import type { JmsClient } from '../client';

export type DecisionStatus = 'proposed' | 'open' | 'closed' | 'withdrawn';
export type DecisionMethod = 'consensus' | 'yes_no' | 'ranked';

/**
 * The computed result of a closed vote, as the server words it.
 */
export interface ITally {
  outcome?: string;
  eligible?: number;
  cast?: number;
  blank?: number;
  quorum?: number;
  counts?: Record<string, number>;
  winner?: string | null;
  tied?: string[];
  rounds?: Record<string, number>[];
  [key: string]: unknown;
}

/**
 * One decision of the public log.
 */
export interface IDecision {
  id: string;
  title: string;
  body: string;
  link: string;
  method: DecisionMethod;
  status: DecisionStatus;
  options: string[];
  created_by: string;
  called_by: string | null;
  seconded_by: string | null;
  /** The electorate, fixed when the vote opened. */
  eligible: string[];
  present: string[];
  period_days: number;
  round: number;
  quorum_needed: number | null;
  opened_at: string | null;
  closes_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  outcome: string | null;
  winner: string | null;
  tally: ITally;
  channel: string | null;
  channel_action: string | null;
  /** Who has voted in the current round. */
  voted: string[];
  version: number;
  created_at: string;
  updated_at: string;
  /** The current round's ballots, once the vote has closed. */
  ballots?: {
    voter: string;
    choice: 'yes' | 'no' | 'blank' | 'ranked';
    ranking: string[];
    cast_at: string;
  }[];
}

/**
 * `GET decisions/{id}`: the decision, its history and whether the caller may vote.
 */
export interface IDecisionDetail extends IDecision {
  history: {
    id: string;
    at: string;
    actor: string;
    action: string;
    data: Record<string, unknown>;
  }[];
  can_vote: boolean;
  /**
   * What the caller may do with the decision now, as the server decides it.
   */
  allowed_actions: DecisionAction[];
}

export type DecisionAction =
  'vote' | 'call_vote' | 'record_consensus' | 'close' | 'withdraw';

/**
 * What `POST decisions` takes.
 */
export interface IDecisionIn {
  type: 'proposal' | 'consensus' | 'vote';
  title: string;
  body?: string;
  link?: string;
  question?: 'yes_no' | 'ranked';
  options?: string[];
  seconded_by?: string;
  period_days?: number;
  present?: string[];
}

/**
 * What calling the vote on a proposal takes (`PATCH decisions/{id}` with `status: open`).
 */
export interface IOpenVote {
  seconded_by: string;
  question: 'yes_no' | 'ranked';
  options?: string[];
  period_days?: number;
  present?: string[];
}

/**
 * A ballot: `{choice}` for yes/no (or a blank ranked ballot), `{ranking}` best first.
 */
export type Ballot = { choice: 'yes' | 'no' | 'blank' } | { ranking: string[] };

/**
 * The ballot as recorded.
 */
export interface IVoteResult {
  decision: string;
  voter: string;
  round: number;
  choice: 'yes' | 'no' | 'blank' | 'ranked';
  ranking: string[];
  cast_at: string;
}

/**
 * A roster member as `GET members` lists them, with what the Decisions tab shows of them.
 */
export interface IRosterMember {
  username: string;
  name: string;
  /** The roles held today. */
  roles: string[];
}

/**
 * Typed calls to the decision endpoints, on top of `JmsClient.call`.
 */
export class DecisionsApi {
  constructor(readonly client: JmsClient) {}

  async list(status?: DecisionStatus): Promise<IDecision[]> {
    const qs = status ? URLExt.objectToQueryString({ status }) : '';
    const page = await this.client.call<{ items: IDecision[] }>(
      'GET',
      `decisions${qs}`
    );
    return page.items;
  }

  get(id: string): Promise<IDecisionDetail> {
    return this.client.call('GET', this._path(id));
  }

  create(body: IDecisionIn): Promise<IDecision> {
    return this.client.call('POST', 'decisions', body);
  }

  /**
   * Call the vote on a proposal.
   */
  openVote(id: string, version: number, body: IOpenVote): Promise<IDecision> {
    return this.client.call('PATCH', this._path(id), {
      ...body,
      status: 'open',
      if_version: version
    });
  }

  /**
   * Withdraw a proposal or an open vote; final (a withdrawn decision takes no change).
   */
  withdraw(id: string, version: number, reason: string): Promise<IDecision> {
    return this.client.call('PATCH', this._path(id), {
      status: 'withdrawn',
      reason,
      if_version: version
    });
  }

  /**
   * The roster, to pick who is present when a vote is called or consensus recorded.
   */
  async members(): Promise<IRosterMember[]> {
    const page = await this.client.call<{ items: IRosterMember[] }>(
      'GET',
      'members'
    );
    return page.items;
  }

  vote(id: string, ballot: Ballot): Promise<IVoteResult> {
    return this.client.call('POST', `${this._path(id)}/votes`, ballot);
  }

  /**
   * Close a vote with its computed result, or record a proposal's consensus (with who was
   * present).
   */
  close(
    id: string,
    version: number,
    consensus = false,
    present?: string[]
  ): Promise<IDecision> {
    const body: Record<string, unknown> = { if_version: version };
    if (consensus) {
      body.consensus = true;
      if (present && present.length > 0) {
        body.present = present;
      }
    }
    return this.client.call('POST', `${this._path(id)}/close`, body);
  }

  private _path(id: string): string {
    return `decisions/${encodeURIComponent(id)}`;
  }
}
