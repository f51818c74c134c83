import { JmsRequestError } from './api';
import type { IMe } from './types';

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
