import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { requestAPI } from './api';
import type {
  DraftState,
  IDraft,
  IDraftDetail,
  IDraftPage,
  ITransitionRequest
} from './types/drafts';
import type { IMe } from './types/me';
import type { IPostCheck, IPostMetadata } from './types/publishing';
import type { IChannel } from './types/registry';
import type {
  IChecklistInfo,
  IComment,
  IReviewRequest,
  IVerdictResult,
  VetVerdict
} from './types/review';
import type { IDiff, ISnapshot } from './types/revisions';

/**
 * Filters of `GET drafts`.
 */
export interface IDraftQuery {
  state?: DraftState[];
  author?: string;
  reviewer?: string;
  channel?: string;
  language?: string;
  /** `mine`: what needs the caller's vetting; `other`: the rest. */
  vetting?: 'mine' | 'other';
  q?: string;
  path?: string;
  limit?: number;
  cursor?: string;
}

/**
 * Typed calls to the jupyter-jms REST API, one method per endpoint the UI uses.
 */
export class JmsClient {
  constructor(
    readonly serverSettings: ServerConnection.ISettings = ServerConnection.makeSettings()
  ) {}

  /**
   * Who the caller is, with the roles they hold today.
   */
  me(): Promise<IMe> {
    return this._get<IMe>('me');
  }

  /**
   * The channel registry, active and retired.
   */
  async channels(): Promise<IChannel[]> {
    const page = await this._get<{ items: IChannel[] }>('channels');
    return page.items;
  }

  /**
   * One page of the drafts the caller may see, newest first.
   */
  listDrafts(query: IDraftQuery = {}): Promise<IDraftPage> {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === '') {
        continue;
      }
      params[key] = Array.isArray(value) ? value.join(',') : String(value);
    }
    const qs = URLExt.objectToQueryString(params);
    return this._get<IDraftPage>(`drafts${qs}`);
  }

  /**
   * A draft with its revisions, reviews, comments, checks, history and allowed actions.
   */
  getDraft(id: string): Promise<IDraftDetail> {
    return this._get<IDraftDetail>(`drafts/${encodeURIComponent(id)}`);
  }

  /**
   * The notebook exactly as submitted in revision `n`.
   */
  getRevision(id: string, n: number): Promise<ISnapshot> {
    return this._get<ISnapshot>(
      `drafts/${encodeURIComponent(id)}/revisions/${n}`
    );
  }

  /**
   * The cell-level diff from revision `from` to revision `to`.
   */
  getDiff(id: string, to: number, from: number): Promise<IDiff> {
    return this._get<IDiff>(
      `drafts/${encodeURIComponent(id)}/revisions/${to}/diff?from=${from}`
    );
  }

  /**
   * Submit a saved notebook as a new draft.
   */
  submit(path: string): Promise<IDraft> {
    return this._post<IDraft>('drafts', { path });
  }

  /**
   * Submit the saved notebook at `path` as the next revision of draft `id`.
   */
  resubmit(id: string, path: string, version: number): Promise<IDraft> {
    return this._post<IDraft>(`drafts/${encodeURIComponent(id)}/revisions`, {
      path,
      if_version: version
    });
  }

  /**
   * An editor's verdict and checklist on the current revision.
   */
  review(id: string, body: IReviewRequest): Promise<IVerdictResult> {
    return this._post<IVerdictResult>(
      `drafts/${encodeURIComponent(id)}/reviews`,
      body
    );
  }

  /**
   * A council member's vetting of the current revision.
   */
  vet(
    id: string,
    body: { revision: number; verdict: VetVerdict; comment: string }
  ): Promise<IVerdictResult> {
    return this._post<IVerdictResult>(
      `drafts/${encodeURIComponent(id)}/vettings`,
      body
    );
  }

  /**
   * A comment on a revision, on one of its cells when `cell_id` is given.
   */
  comment(
    id: string,
    body: { revision: number; body: string; cell_id?: string }
  ): Promise<IComment> {
    return this._post<IComment>(
      `drafts/${encodeURIComponent(id)}/comments`,
      body
    );
  }

  /**
   * Withdraw, schedule or publish a draft.
   */
  transition(id: string, body: ITransitionRequest): Promise<IVerdictResult> {
    return this._post<IVerdictResult>(
      `drafts/${encodeURIComponent(id)}/transitions`,
      body
    );
  }

  /**
   * Validate post metadata and count its social texts, without storing anything.
   */
  checkPost(metadata: IPostMetadata): Promise<IPostCheck> {
    return this._post<IPostCheck>('checks/post', { metadata });
  }

  /**
   * The editorial checklist, with the items that apply to a post of this kind.
   */
  checklist(
    thirdParty: boolean,
    needsVetting: boolean
  ): Promise<IChecklistInfo> {
    return this._get<IChecklistInfo>(
      `checks/checklist?third_party=${thirdParty}&needs_vetting=${needsVetting}`
    );
  }

  /**
   * The draft a notebook was submitted as, or `null` when it never was.
   *
   * Lists come newest first and a path has at most one open draft, so the newest draft of
   * the path is its current one.
   */
  async findDraftByPath(path: string): Promise<IDraft | null> {
    const page = await this.listDrafts({ path, limit: 1 });
    return pickForPath(page.items, path);
  }

  /**
   * Any other endpoint: `method` on `endPoint` (relative to the API root, with its query
   * string) with an optional JSON body. Areas with many endpoints of their own (the registry
   * and governance panels) build their typed calls on this instead of growing this class.
   */
  call<T>(method: string, endPoint: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
    }
    return requestAPI<T>(endPoint, init, this.serverSettings);
  }

  private _get<T>(endPoint: string): Promise<T> {
    return requestAPI<T>(endPoint, { method: 'GET' }, this.serverSettings);
  }

  private _post<T>(endPoint: string, body: unknown): Promise<T> {
    return requestAPI<T>(
      endPoint,
      { method: 'POST', body: JSON.stringify(body) },
      this.serverSettings
    );
  }
}

/**
 * The newest draft of `path` among `drafts` (which the server lists newest first).
 */
export function pickForPath(drafts: IDraft[], path: string): IDraft | null {
  return drafts.find(d => d.path === path) ?? null;
}
