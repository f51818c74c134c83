/**
 * What the review view shows of one draft, read from what was last loaded: the draft, its
 * diff base, the verdicts, checklist items and transitions the server allows the caller, and
 * the caller's own review. It decides nothing itself: `allowed_actions` and the checklist's
 * `applies`/`derived` come from the server. Loading and acting live in {@link ReviewModel}.
 */

import { cellViews, generalComments, ICellView } from './cellViews';
import type { DraftAction, IDraftDetail } from './types/drafts';
import type {
  IChecklistInfo,
  IChecklistItem,
  IComment,
  IReview,
  IVetting,
  Verdict
} from './types/review';
import type { IDiff, IDiffCell, ISnapshot } from './types/revisions';

const VERDICTS: Verdict[] = ['approve', 'request_changes', 'reject'];

/**
 * Actions that change the draft's state outside a review (and need its version).
 */
export const TRANSITIONS = ['withdraw', 'schedule', 'publish'] as const;
export type TransitionAction = (typeof TRANSITIONS)[number];

/**
 * The review view's state of one draft, as last loaded.
 */
export class ReviewState {
  get draft(): IDraftDetail | null {
    return this._draft;
  }

  /**
   * The notebook of the draft's current revision.
   */
  get snapshot(): ISnapshot | null {
    return this._snapshot;
  }

  /**
   * The diff shown, from {@link diffBase} to the current revision.
   */
  get diff(): IDiff | null {
    return this._diff;
  }

  /**
   * The revision the diff starts from: the one this reviewer last reviewed unless they
   * picked another; null when there is nothing to compare with.
   */
  get diffBase(): number | null {
    const draft = this._draft;
    if (!draft) {
      return null;
    }
    const base = this._pickedBase ?? draft.last_reviewed_revision;
    return base !== null && base < draft.revision ? base : null;
  }

  /**
   * Whether the diff base is the reviewer's last reviewed revision (not one they picked).
   */
  get diffBaseIsLastReviewed(): boolean {
    return this._pickedBase === null;
  }

  get checklist(): IChecklistInfo | null {
    return this._checklist;
  }

  /**
   * Why the last load failed, or null.
   */
  get error(): string | null {
    return this._error;
  }

  /**
   * The HTTP status of the last failed load (401, 502, 504...), or null.
   */
  get errorStatus(): number | null {
    return this._errorStatus;
  }

  /**
   * When the draft shown was last loaded, or null before the first load.
   */
  get loadedAt(): Date | null {
    return this._loadedAt;
  }

  /**
   * Whether the draft shown is from an earlier load, the last one having failed.
   */
  get stale(): boolean {
    return this._draft !== null && this._error !== null;
  }

  /**
   * Whether the server allows the caller `action` on this draft now.
   */
  can(action: DraftAction): boolean {
    return this._draft?.allowed_actions.includes(action) ?? false;
  }

  /**
   * The verdicts the caller may give, in a fixed order.
   */
  get verdicts(): Verdict[] {
    return VERDICTS.filter(v => this.can(v));
  }

  /**
   * The state changes the caller may ask for.
   */
  get transitions(): TransitionAction[] {
    return TRANSITIONS.filter(t => this.can(t));
  }

  /**
   * Checklist items the reviewer marks (applicable and not derived from vetting).
   */
  get checklistItems(): IChecklistItem[] {
    return (this._checklist?.items ?? []).filter(i => i.applies && !i.derived);
  }

  /**
   * The caller's own verdict on the current revision, which a new one replaces.
   */
  get myReview(): IReview | null {
    return this._draft?.my_review ?? null;
  }

  /**
   * The caller's own vetting of the current revision, which a new one replaces.
   */
  get myVetting(): IVetting | null {
    return this._draft?.my_vetting ?? null;
  }

  /**
   * The labels of the checklist items a review marked as failed, in checklist order.
   */
  failedItems(review: IReview): string[] {
    const known = this._checklist?.items ?? [];
    const failed = Object.keys(review.checklist ?? {}).filter(
      id => review.checklist[id] === 'fail'
    );
    const order = (id: string) => {
      const i = known.findIndex(k => k.id === id);
      return i < 0 ? known.length : i;
    };
    return failed
      .sort((a, b) => order(a) - order(b))
      .map(id => known.find(k => k.id === id)?.label ?? id);
  }

  /**
   * Applicable checklist items the server derives (from council vetting).
   */
  get derivedItems(): IChecklistItem[] {
    return (this._checklist?.items ?? []).filter(i => i.applies && i.derived);
  }

  /**
   * The cells of the current revision with their comments, changes and warnings.
   */
  get cells(): ICellView[] {
    if (!this._draft || !this._snapshot) {
      return [];
    }
    return cellViews(this._draft, this._snapshot, this._diff);
  }

  /**
   * Comments on no cell, or on a cell the current revision no longer has.
   */
  get generalComments(): IComment[] {
    return this._draft ? generalComments(this._draft, this._snapshot) : [];
  }

  /**
   * Cells the diff says were removed since its base.
   */
  /**
   * Cells the diff says were removed since its base.
   */
  get removedCells(): IDiffCell[] {
    return (this._diff?.cells ?? []).filter(c => c.status === 'removed');
  }

  protected _draft: IDraftDetail | null = null;
  protected _snapshot: ISnapshot | null = null;
  protected _diff: IDiff | null = null;
  protected _checklist: IChecklistInfo | null = null;
  protected _pickedBase: number | null = null;
  protected _error: string | null = null;
  protected _errorStatus: number | null = null;
  protected _loadedAt: Date | null = null;
}
