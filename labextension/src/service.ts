import { JmsRequestError } from './api';
import type { IMe } from './types/me';

/**
 * The JMS service a connected Lab uses, as the fronts name it.
 */
export interface IServiceInfo {
  /**
   * The service's URL as `GET me` gives it (shown as a tooltip).
   */
  url: string;
  /**
   * The short name shown: the URL's host, with its port when it has one.
   */
  host: string;
}

/**
 * The service `me` says this Lab is connected to, or null on a personal server.
 */
export function serviceOf(me: IMe | null | undefined): IServiceInfo | null {
  const url = me?.service?.url;
  if (typeof url !== 'string' || url.trim() === '') {
    return null;
  }
  return { url, host: hostOf(url) };
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host || url;
  } catch {
    return url;
  }
}

/**
 * The sentence to show for a failure: the server's own message when it sent one.
 */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The HTTP status of a failure answered by the server, or null (network, bug).
 */
export function failureStatus(error: unknown): number | null {
  return error instanceof JmsRequestError ? error.status : null;
}

/**
 * The `reason` of a connected Lab's answers when its service, not the request, failed.
 */
const SERVICE_REASONS = [
  'service_unreachable',
  'service_timeout',
  'service_token_refused'
];

/**
 * Whether a connected Lab says its JMS service failed (unreachable, too slow, refusing the
 * Lab's token): nothing to upgrade or reinstall here, the sentence says what to do.
 */
export function isServiceFailure(error: unknown): error is JmsRequestError {
  return (
    error instanceof JmsRequestError &&
    error.reason !== null &&
    SERVICE_REASONS.includes(error.reason)
  );
}
