import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/**
 * Path of the REST API below the server's base URL.
 */
export const API_PATH = 'jms/api';

/**
 * One rejected field of a validation error.
 */
export interface IFieldError {
  field: string;
  message: string;
}

/**
 * An error answered by the jupyter-jms server, or a response it could not have sent.
 *
 * The server answers every failure with `{"message", "reason", "errors"}`; callers
 * branch on `status` (404 unknown, 409 stale version...) and show `errors` next to
 * the fields they name.
 */
export class JmsRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string | null = null,
    readonly errors: IFieldError[] = []
  ) {
    super(message);
    this.name = 'JmsRequestError';
  }
}

/**
 * Call the jupyter-jms REST API and return the decoded JSON answer.
 *
 * @param endPoint path below `{baseUrl}jms/api/`, e.g. `version` or `drafts?state=submitted`
 * @param init request options; a JSON body gets its content type set
 * @param settings server connection settings, made from the page config by default
 * @returns the decoded body, or `undefined` for an empty answer (204)
 * @throws {JmsRequestError} when the server answers with an error status or invalid JSON
 * @throws {ServerConnection.NetworkError} when the server cannot be reached
 */
export async function requestAPI<T>(
  endPoint = '',
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, API_PATH, endPoint);
  const headers = new Headers(init.headers);
  if (typeof init.body === 'string' && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }
  const response = await ServerConnection.makeRequest(
    url,
    { ...init, headers },
    settings
  );

  const text = await response.text();
  let data: unknown = undefined;
  if (text.length > 0) {
    try {
      data = JSON.parse(text);
    } catch {
      if (response.ok) {
        throw new JmsRequestError(
          response.status,
          `Invalid JSON in the answer to ${endPoint}`
        );
      }
      // A proxy or the server's own HTML error page: keep its text as the message.
      data = text;
    }
  }

  if (!response.ok) {
    throw toRequestError(response, data);
  }
  return data as T;
}

/**
 * Build the typed error for a failed response from whatever body it carried.
 */
function toRequestError(response: Response, body: unknown): JmsRequestError {
  const fallback = response.statusText || `HTTP ${response.status}`;
  if (!isRecord(body)) {
    const text = typeof body === 'string' ? body.trim() : '';
    return new JmsRequestError(response.status, text || fallback);
  }
  const message =
    typeof body.message === 'string' && body.message ? body.message : fallback;
  const reason = typeof body.reason === 'string' ? body.reason : null;
  const errors = Array.isArray(body.errors)
    ? body.errors.filter(isFieldError)
    : [];
  return new JmsRequestError(response.status, message, reason, errors);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is IFieldError {
  return (
    isRecord(value) &&
    typeof value.field === 'string' &&
    typeof value.message === 'string'
  );
}
