/**
 * The review view of one draft: loading it (with its revision, diff and checklist) and the
 * caller's actions on it (review, vetting, comment, transition), each followed by a reload.
 * What the loaded data shows is read through {@link ReviewState}.
 */

import { ISignal, Signal } from '@lumino/signaling';

import { JmsClient } from './client';
import { ReviewState, TransitionAction } from './reviewState';
import { failureStatus, failureText } from './service';
import type { IDraftDetail, ITransitionRequest } from './types/drafts';
import type { Verdict, VetVerdict } from './types/review';

const TRANSITION_TARGET: Record<TransitionAction, ITransitionRequest['to']> = {
  withdraw: 'withdrawn',
  schedule: 'scheduled',
  publish: 'published'
};

/**
 * The review view of one draft: its data from the API and the actions on it.
 */
export class ReviewModel extends ReviewState {
  constructor(
    private readonly _client: JmsClient,
    readonly draftId: string
  ) {
    super();
  }

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

  private _checklistKey = '';
  private _changed = new Signal<this, void>(this);
  private _acted = new Signal<this, void>(this);
}
