import { ISignal, Signal } from '@lumino/signaling';

import { JmsClient } from './client';
import { failureStatus, failureText } from './service';
import type {
  DraftAction,
  IDraftDetail,
  ITransitionRequest
} from './types/drafts';
import type {
  ICheck,
  IChecklistInfo,
  IChecklistItem,
  IComment,
  IReview,
  IVetting,
  Verdict,
  VetVerdict
} from './types/review';
import type {
  IDiff,
  IDiffCell,
  ISnapshot,
  ISnapshotCell,
  ISnapshotOutput
} from './types/revisions';

/**
 * One cell of the submitted revision, with what the review view shows around it.
 */
export interface ICellView {
  /**
   * The cell id comments anchor to (null for notebooks too old to carry ids).
   */
  id: string | null;
  index: number;
  cellType: string;
  source: string;
  /**
   * Text of the outputs worth showing to a reviewer (streams, plain text, errors).
   */
  outputs: string[];
  comments: IComment[];
  /**
   * How the cell changed since the diff base, or null when unchanged or no diff is shown.
   */
  change: IDiffCell | null;
  /**
   * Pre-checks that name this cell.
   */
  warnings: ICheck[];
}

const VERDICTS: Verdict[] = ['approve', 'request_changes', 'reject'];

/**
 * Actions that change the draft's state outside a review (and need its version).
 */
export const TRANSITIONS = ['withdraw', 'schedule', 'publish'] as const;
export type TransitionAction = (typeof TRANSITIONS)[number];

const TRANSITION_TARGET: Record<TransitionAction, ITransitionRequest['to']> = {
  withdraw: 'withdrawn',
  schedule: 'scheduled',
  publish: 'published'
};

function joinSource(source: string | string[] | undefined): string {
  if (Array.isArray(source)) {
    return source.join('');
  }
  return typeof source === 'string' ? source : '';
}

/**
 * The text of an output a reviewer can read without running anything.
 */
export function outputText(output: ISnapshotOutput): string | null {
  switch (output.output_type) {
    case 'stream':
      return joinSource(output.text);
    case 'error':
      return `${output.ename ?? ''}: ${output.evalue ?? ''}`;
    case 'execute_result':
    case 'display_data': {
      const plain = output.data?.['text/plain'];
      if (typeof plain === 'string' || Array.isArray(plain)) {
        return joinSource(plain as string | string[]);
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * The review view of one draft: its data from the API and the actions on it.
 */
export class ReviewModel {
  constructor(
    private readonly _client: JmsClient,
    readonly draftId: string
  ) {}

  /**
   * The API client this view talks through (same server, same authentication).
   */
  get client(): JmsClient {
    return this._client;
  }

  /**
   * Emitted after every load and every change of the diff base.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted after the caller changed the draft (review, vetting, comment, transition).
   */
  get acted(): ISignal<this, void> {
    return this._acted;
  }

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
    const draft = this._draft;
    const snapshot = this._snapshot;
    if (!draft || !snapshot) {
      return [];
    }
    const changes = new Map<string, IDiffCell>();
    for (const c of this._diff?.cells ?? []) {
      if (c.status !== 'unchanged' && c.status !== 'removed') {
        changes.set(c.cell_id, c);
      }
    }
    return snapshot.cells.map((cell: ISnapshotCell, index: number) => {
      const id = typeof cell.id === 'string' ? cell.id : null;
      return {
        id,
        index,
        cellType: cell.cell_type,
        source: joinSource(cell.source),
        outputs: (cell.outputs ?? [])
          .map(outputText)
          .filter((t): t is string => t !== null && t.length > 0),
        comments:
          id === null ? [] : draft.comments.filter(c => c.cell_id === id),
        change: id === null ? null : (changes.get(id) ?? null),
        warnings: draft.checks.filter(
          c =>
            c.status !== 'ok' &&
            (c.cells.includes(id ?? '') || c.cells.includes(`#${index}`))
        )
      };
    });
  }

  /**
   * Comments on no cell, or on a cell the current revision no longer has.
   */
  get generalComments(): IComment[] {
    const draft = this._draft;
    if (!draft) {
      return [];
    }
    const ids = new Set(
      (this._snapshot?.cells ?? []).map(c => c.id).filter(Boolean)
    );
    return draft.comments.filter(
      c => c.cell_id === null || !ids.has(c.cell_id)
    );
  }

  /**
   * Cells the diff says were removed since its base.
   */
  get removedCells(): IDiffCell[] {
    return (this._diff?.cells ?? []).filter(c => c.status === 'removed');
  }

  /**
   * Load the draft, and the revision, diff and checklist when they changed.
   */
  async load(): Promise<void> {
    try {
      const draft = await this._client.getDraft(this.draftId);
      const revisionChanged =
        this._draft === null || this._draft.revision !== draft.revision;
      this._draft = draft;
      const jobs: Promise<void>[] = [];
      if (revisionChanged || this._snapshot === null) {
        jobs.push(
          this._client.getRevision(draft.id, draft.revision).then(nb => {
            this._snapshot = nb;
          })
        );
      }
      jobs.push(this._loadDiff());
      // The checklist labels: for the verdict form, and to name the failed items.
      const failures = draft.reviews.some(r =>
        Object.values(r.checklist ?? {}).includes('fail')
      );
      if (this.verdicts.length > 0 || failures) {
        const key = `${draft.third_party}/${draft.needs_vetting}`;
        if (this._checklist === null || this._checklistKey !== key) {
          jobs.push(
            this._client
              .checklist(draft.third_party, draft.needs_vetting)
              .then(info => {
                this._checklist = info;
                this._checklistKey = key;
              })
          );
        }
      }
      await Promise.all(jobs);
      this._error = null;
      this._errorStatus = null;
      this._loadedAt = new Date();
    } catch (error) {
      this._error = failureText(error);
      this._errorStatus = failureStatus(error);
      this._changed.emit();
      throw error;
    }
    this._changed.emit();
  }

  /**
   * Compare the current revision with revision `n` instead (null: the last reviewed one).
   */
  async setDiffBase(n: number | null): Promise<void> {
    this._pickedBase = n;
    await this._loadDiff();
    this._changed.emit();
  }

  /**
   * Give a verdict with the checklist on the current revision, then reload.
   */
  async review(
    verdict: Verdict,
    checklist: Record<string, string>,
    comment: string
  ): Promise<void> {
    const draft = this._requireDraft();
    await this._client.review(draft.id, {
      revision: draft.revision,
      verdict,
      checklist,
      comment
    });
    this._acted.emit();
    await this._reload();
  }

  /**
   * Vet the language of the current revision, then reload.
   */
  async vet(verdict: VetVerdict, comment: string): Promise<void> {
    const draft = this._requireDraft();
    await this._client.vet(draft.id, {
      revision: draft.revision,
      verdict,
      comment
    });
    this._acted.emit();
    await this._reload();
  }

  /**
   * Comment on the current revision, on one cell when `cellId` is given, then reload.
   */
  async comment(body: string, cellId: string | null): Promise<void> {
    const draft = this._requireDraft();
    await this._client.comment(draft.id, {
      revision: draft.revision,
      body,
      ...(cellId === null ? {} : { cell_id: cellId })
    });
    this._acted.emit();
    await this._reload();
  }

  /**
   * Withdraw, schedule or publish the draft at the version shown, then reload.
   */
  async transition(
    action: TransitionAction,
    extra: Pick<ITransitionRequest, 'publish_at' | 'publications'> = {}
  ): Promise<void> {
    const draft = this._requireDraft();
    await this._client.transition(draft.id, {
      to: TRANSITION_TARGET[action],
      if_version: draft.version,
      ...extra
    });
    this._acted.emit();
    await this._reload();
  }

  /**
   * Reload after an action the server accepted: a failure here does not undo the action,
   * so it shows as the view's failed refresh (see {@link error}), not as the action's.
   */
  private async _reload(): Promise<void> {
    try {
      await this.load();
    } catch {
      // Already in `error`, shown with the draft as last loaded.
    }
  }

  private async _loadDiff(): Promise<void> {
    const draft = this._draft;
    const base = this.diffBase;
    if (!draft || base === null) {
      this._diff = null;
      return;
    }
    if (
      this._diff &&
      this._diff.from === base &&
      this._diff.to === draft.revision
    ) {
      return;
    }
    this._diff = await this._client.getDiff(draft.id, draft.revision, base);
  }

  private _requireDraft(): IDraftDetail {
    if (!this._draft) {
      throw new Error('The draft is not loaded yet.');
    }
    return this._draft;
  }

  private _draft: IDraftDetail | null = null;
  private _snapshot: ISnapshot | null = null;
  private _diff: IDiff | null = null;
  private _checklist: IChecklistInfo | null = null;
  private _checklistKey = '';
  private _pickedBase: number | null = null;
  private _error: string | null = null;
  private _errorStatus: number | null = null;
  private _loadedAt: Date | null = null;
  private _changed = new Signal<this, void>(this);
  private _acted = new Signal<this, void>(this);
}
