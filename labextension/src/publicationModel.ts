import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { API_PATH, JmsRequestError, requestAPI } from './api';
import { failureStatus, failureText } from './service';

/**
 * A channel's outcome as `GET drafts/{id}/publication` names it (null: not scheduled yet).
 */
export type ChannelOutcomeState =
  'queued' | 'claimed' | 'posted' | 'failed' | 'unconfirmed' | 'done' | null;

/**
 * What an editor may mark a channel now, from the server's `marks`.
 */
export type ChannelMark = 'done' | 'retry';

export type ExportFormat = 'html' | 'md' | 'static';

/**
 * One channel of a post: the exact text that goes out, its count and what happened.
 */
export interface IChannelOutcome {
  channel: string;
  name?: string;
  connector: 'mastodon' | 'bluesky' | 'blog_export' | 'manual';
  state: ChannelOutcomeState;
  text: string;
  count: number;
  limit: number | null;
  waiting_for_blog_url?: boolean;
  /**
   * Until the blog URL is recorded: the longest one the text leaves room for (null: any).
   */
  blog_url_room?: number | null;
  url: string | null;
  remote_id?: string | null;
  error: string | null;
  attempts: Record<string, unknown>[];
  done_at?: string | null;
  done_by?: string | null;
  marks: ChannelMark[];
  version?: number;
}

/**
 * `GET drafts/{id}/publication`.
 */
export interface IPublication {
  draft: string;
  state: string;
  revision?: number;
  version?: number;
  publish_at: string | null;
  tz: string;
  publish_at_local?: string | null;
  image?: { path: string | null; alt: string; attached: boolean } | null;
  blog_url?: string | null;
  channels: IChannelOutcome[];
  exports: { format: ExportFormat; path: string }[];
}

/**
 * One post of the editors' "to publish" list (`GET publications`).
 */
export interface IToPublish {
  id: string;
  title: string;
  state: 'approved' | 'scheduled';
  version?: number;
  publish_at: string | null;
  tz: string;
  channels: { channel: string; state: ChannelOutcomeState }[];
  needs_attention: string[];
}

/**
 * A file downloaded from the export endpoint.
 */
export interface IDownload {
  blob: Blob;
  filename: string;
}

/**
 * The editors' "to publish" list.
 */
export async function listToPublish(
  settings: ServerConnection.ISettings
): Promise<IToPublish[]> {
  const page = await requestAPI<{ items: IToPublish[] }>(
    'publications',
    {},
    settings
  );
  return page.items;
}

/**
 * The publication of one draft and the editor's actions on it, as the API gives them.
 */
export class PublicationModel {
  constructor(
    private readonly _settings: ServerConnection.ISettings,
    readonly draftId: string
  ) {}

  /**
   * Emitted after every load, action and failure.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get publication(): IPublication | null {
    return this._publication;
  }

  /**
   * Why the last load failed, or null.
   */
  get error(): string | null {
    return this._error;
  }

  get errorStatus(): number | null {
    return this._errorStatus;
  }

  /**
   * Why the last action (publish, mark, download) was refused, or null.
   */
  get actionError(): string | null {
    return this._actionError;
  }

  get busy(): boolean {
    return this._busy;
  }

  async load(): Promise<void> {
    try {
      this._publication = await requestAPI<IPublication>(
        `drafts/${encodeURIComponent(this.draftId)}/publication`,
        {},
        this._settings
      );
      this._error = null;
      this._errorStatus = null;
    } catch (error) {
      this._error = failureText(error);
      this._errorStatus = failureStatus(error);
    }
    this._changed.emit();
  }

  /**
   * Publish now (`publishAt` null) or at `publishAt`, a wall time in `tz`.
   */
  publish(publishAt: string | null, tz: string): Promise<boolean> {
    const body: Record<string, unknown> = { tz };
    if (this._publication?.version !== undefined) {
      body.if_version = this._publication.version;
    }
    if (publishAt) {
      body.publish_at = publishAt;
    }
    return this._act(
      `drafts/${encodeURIComponent(this.draftId)}/publish`,
      body
    );
  }

  /**
   * Record that a channel went out at `url` (done), or send it again (retry).
   */
  mark(channel: string, mark: ChannelMark, url = ''): Promise<boolean> {
    const body: Record<string, unknown> = { mark };
    if (mark === 'done') {
      body.url = url;
    }
    const row = this._publication?.channels.find(c => c.channel === channel);
    if (row?.version !== undefined) {
      body.if_version = row.version;
    }
    return this._act(
      `drafts/${encodeURIComponent(this.draftId)}/channels/${encodeURIComponent(channel)}/mark`,
      body
    );
  }

  /**
   * Download one export of the approved revision with the Lab's own authentication.
   */
  async download(format: ExportFormat): Promise<IDownload | null> {
    const entry = this._publication?.exports.find(e => e.format === format);
    const path =
      entry?.path ??
      `drafts/${encodeURIComponent(this.draftId)}/export?format=${format}`;
    try {
      const response = await ServerConnection.makeRequest(
        URLExt.join(this._settings.baseUrl, API_PATH, path),
        {},
        this._settings
      );
      if (!response.ok) {
        let message = response.statusText || `HTTP ${response.status}`;
        try {
          const body = (await response.json()) as { message?: unknown };
          if (typeof body.message === 'string' && body.message) {
            message = body.message;
          }
        } catch {
          // Not the server's JSON error: keep the status line.
        }
        throw new JmsRequestError(response.status, message);
      }
      const blob = await response.blob();
      this._actionError = null;
      this._changed.emit();
      return {
        blob,
        filename:
          filenameOf(response.headers.get('Content-Disposition')) ??
          `draft-${this.draftId}.${format === 'html' ? 'html' : 'zip'}`
      };
    } catch (error) {
      this._actionError = failureText(error);
      this._changed.emit();
      return null;
    }
  }

  private async _act(endPoint: string, body: unknown): Promise<boolean> {
    this._busy = true;
    this._changed.emit();
    try {
      this._publication = await requestAPI<IPublication>(
        endPoint,
        { method: 'POST', body: JSON.stringify(body) },
        this._settings
      );
      this._actionError = null;
      return true;
    } catch (error) {
      this._actionError = failureText(error);
      return false;
    } finally {
      this._busy = false;
      this._changed.emit();
    }
  }

  private _publication: IPublication | null = null;
  private _error: string | null = null;
  private _errorStatus: number | null = null;
  private _actionError: string | null = null;
  private _busy = false;
  private _changed = new Signal<this, void>(this);
}

/**
 * The file name of a `Content-Disposition: attachment; filename="..."` header.
 */
export function filenameOf(header: string | null): string | null {
  const match = header ? /filename="([^"]+)"/.exec(header) : null;
  return match ? match[1] : null;
}
