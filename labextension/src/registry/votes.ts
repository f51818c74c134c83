import type { JmsClient } from '../client';
import type { IMe } from '../types/me';
import { ActionModel, toFailure } from './actionModel';
import {
  Ballot,
  DecisionsApi,
  IDecision,
  IDecisionDetail,
  IDecisionIn,
  IOpenVote,
  IRosterMember
} from './decisionsApi';

/**
 * `ranking` with the option at `index` moved one place up (-1) or down (+1); the same
 * order when it cannot move.
 */
export function moveOption(
  ranking: string[],
  index: number,
  by: -1 | 1
): string[] {
  const to = index + by;
  if (index < 0 || index >= ranking.length || to < 0 || to >= ranking.length) {
    return ranking;
  }
  const out = [...ranking];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/**
 * Options typed one per line (or comma separated on one line), trimmed, blanks dropped.
 */
export function parseOptions(text: string): string[] {
  const parts = text.includes('\n') ? text.split('\n') : text.split(',');
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

/**
 * Usernames typed with commas or spaces between them.
 */
export function parseUsernames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(p => p.trim())
    .filter(p => p.length > 0);
}

/**
 * Who is present after ticking (`on`) or unticking `username`, in the roster's order.
 */
export function setPresent(
  present: string[],
  username: string,
  on: boolean,
  roster: string[]
): string[] {
  const chosen = new Set(present);
  if (on) {
    chosen.add(username);
  } else {
    chosen.delete(username);
  }
  const listed = roster.filter(u => chosen.has(u));
  // Names the roster no longer lists stay, after it, so nothing ticked is lost silently.
  return [
    ...listed,
    ...present.filter(u => chosen.has(u) && !roster.includes(u))
  ];
}

/**
 * What the caller may do with a decision: the server's `allowed_actions`, as flags for
 * the forms (the server still decides every request).
 */
export function decisionActions(decision: IDecisionDetail): IDecisionActions {
  const allowed = new Set(decision.allowed_actions);
  return {
    vote: allowed.has('vote'),
    open: allowed.has('call_vote'),
    close: allowed.has('close'),
    consensus: allowed.has('record_consensus'),
    withdraw: allowed.has('withdraw')
  };
}

export interface IDecisionActions {
  vote: boolean;
  open: boolean;
  close: boolean;
  consensus: boolean;
  withdraw: boolean;
}

/**
 * The Decisions tab's state: the log, the decision shown with its ballot being ordered,
 * and the result as the API computed it.
 */
export class DecisionsModel extends ActionModel<
  'proposed' | 'opened' | 'voted' | 'closed' | 'withdrawn'
> {
  constructor(
    client: JmsClient,
    readonly me: IMe
  ) {
    super();
    this.api = new DecisionsApi(client);
  }

  readonly api: DecisionsApi;

  get decisions(): IDecision[] {
    return this._decisions;
  }

  get selected(): IDecisionDetail | null {
    return this._selected;
  }

  /**
   * The ranked ballot as ordered so far, best first.
   */
  get ranking(): string[] {
    return this._ranking;
  }

  get loadError(): string | null {
    return this._loadError;
  }

  get actions(): IDecisionActions {
    return this._selected
      ? decisionActions(this._selected)
      : {
          vote: false,
          open: false,
          close: false,
          consensus: false,
          withdraw: false
        };
  }

  /**
   * The roster, for the present list (read for those who may record decisions).
   */
  get members(): IRosterMember[] {
    return this._members;
  }

  /**
   * Why the roster could not be read, or null.
   */
  get membersError(): string | null {
    return this._membersError;
  }

  get canPropose(): boolean {
    return this.me.capabilities.includes('administer_registry');
  }

  async load(): Promise<void> {
    this._loadError = null;
    try {
      this._decisions = await this.api.list();
      if (this.canPropose) {
        await this._loadMembers();
      }
      const keep = this._selected?.id;
      if (keep && this._decisions.some(d => d.id === keep)) {
        await this._select(keep);
      }
    } catch (error) {
      this._loadError = toFailure(error).message;
    }
    this._changed.emit();
  }

  async select(id: string): Promise<void> {
    await this._act(() => this._select(id));
  }

  move(index: number, by: -1 | 1): void {
    this._ranking = moveOption(this._ranking, index, by);
    this._changed.emit();
  }

  async propose(body: IDecisionIn): Promise<boolean> {
    return this._act(async () => {
      const created = await this.api.create(body);
      this._decisions = await this.api.list();
      await this._select(created.id);
      this._notice = 'proposed';
    });
  }

  async openVote(body: IOpenVote): Promise<boolean> {
    const d = this._selected;
    if (!d) {
      return false;
    }
    return this._act(async () => {
      await this.api.openVote(d.id, d.version, body);
      await this._refresh(d.id);
      this._notice = 'opened';
    });
  }

  /**
   * Cast `choice` on a yes/no vote, the ranking as ordered on a ranked one, or a blank.
   */
  async vote(choice?: 'yes' | 'no' | 'blank'): Promise<boolean> {
    const d = this._selected;
    if (!d) {
      return false;
    }
    const ballot: Ballot = choice ? { choice } : { ranking: this._ranking };
    return this._act(async () => {
      await this.api.vote(d.id, ballot);
      await this._refresh(d.id);
      this._notice = 'voted';
    });
  }

  async close(consensus = false, present?: string[]): Promise<boolean> {
    const d = this._selected;
    if (!d) {
      return false;
    }
    return this._act(async () => {
      await this.api.close(d.id, d.version, consensus, present);
      await this._refresh(d.id);
      this._notice = 'closed';
    });
  }

  /**
   * Withdraw the selected decision (final: the view asks first).
   */
  async withdraw(reason: string): Promise<boolean> {
    const d = this._selected;
    if (!d) {
      return false;
    }
    return this._act(async () => {
      await this.api.withdraw(d.id, d.version, reason);
      await this._refresh(d.id);
      this._notice = 'withdrawn';
    });
  }

  private async _loadMembers(): Promise<void> {
    this._membersError = null;
    try {
      this._members = await this.api.members();
    } catch (error) {
      this._membersError = toFailure(error).message;
    }
  }

  private async _refresh(id: string): Promise<void> {
    this._decisions = await this.api.list();
    await this._select(id);
  }

  private async _select(id: string): Promise<void> {
    const detail = await this.api.get(id);
    if (this._selected?.id !== id || this._selected.round !== detail.round) {
      this._ranking = [...detail.options];
    }
    this._selected = detail;
  }

  private _decisions: IDecision[] = [];
  private _selected: IDecisionDetail | null = null;
  private _ranking: string[] = [];
  private _loadError: string | null = null;
  private _members: IRosterMember[] = [];
  private _membersError: string | null = null;
}
