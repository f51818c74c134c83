import { ServerConnection } from '@jupyterlab/services';

import { JmsClient } from '../client';
import type { IMe } from '../types/me';

export const BASE_URL = 'http://localhost:8888/lab-base/';

/**
 * A request as the fake server saw it.
 */
export interface ISeen {
  method: string;
  /**
   * Path below `jms/api/`, without the query string.
   */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/**
 * Answers `[status, body]` for a request, or undefined for a 404.
 */
export type Route = (seen: ISeen) => [number, unknown] | undefined;

/**
 * A JmsClient whose requests go to `route` instead of the network.
 */
export function fakeClient(route: Route, seen: ISeen[] = []): JmsClient {
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const request = input as Request;
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/lab-base\/jms\/api\//, '');
    const text = await request.text();
    const query = new URLSearchParams(url.search);
    // ServerConnection adds a cache buster to GETs: not part of what the client asked.
    for (const key of Array.from(query.keys())) {
      if (/^\d+$/.test(key)) {
        query.delete(key);
      }
    }
    const entry: ISeen = {
      method: request.method,
      path,
      query,
      body: text ? JSON.parse(text) : undefined
    };
    seen.push(entry);
    const answer = route(entry) ?? [
      404,
      { message: 'not found', reason: null, errors: [] }
    ];
    return new Response(JSON.stringify(answer[1]), {
      status: answer[0],
      headers: { 'Content-Type': 'application/json' }
    });
  };
  return new JmsClient(
    ServerConnection.makeSettings({
      baseUrl: BASE_URL,
      wsUrl: 'ws://localhost:8888/lab-base/',
      fetch: fetch as typeof globalThis.fetch
    })
  );
}

/**
 * `GET me` as the server answers it: no role, no capability and no queue unless given.
 */
export function meBody(overrides: Partial<IMe> = {}): IMe {
  return {
    username: 'ada',
    name: 'Ada',
    roles: [],
    languages: [],
    member: true,
    capabilities: [],
    review_queue: { states: [] },
    ...overrides
  };
}

/**
 * The service a connected Lab forwards to, in these tests.
 */
export const SERVICE_URL = 'https://jms.example.org:8443/';

/**
 * What a connected Lab answers when its service fails, as the forwarder words it:
 * `[status, body]` for 401 (token refused), 502 (unreachable), 503 (unavailable) and
 * 504 (too slow).
 */
export const SERVICE_FAILURES: Record<number, [number, unknown]> = {
  401: [
    401,
    {
      message: `The JMS service at ${SERVICE_URL} refused this Lab's token; run \`jupyter jms connect\` to sign in again.`,
      reason: 'service_token_refused',
      errors: []
    }
  ],
  502: [
    502,
    {
      message: `The JMS service at ${SERVICE_URL} cannot be reached (Connection refused); check that it is running and that this Lab can reach it.`,
      reason: 'service_unreachable',
      errors: []
    }
  ],
  503: [
    503,
    {
      message: `The JMS service at ${SERVICE_URL} is not available now; try again in a minute.`,
      reason: 'service_unavailable',
      errors: []
    }
  ],
  504: [
    504,
    {
      message: `The JMS service at ${SERVICE_URL} did not answer in time; try again, or check that it is running.`,
      reason: 'service_timeout',
      errors: []
    }
  ]
};

/**
 * The sentence of one of {@link SERVICE_FAILURES}.
 */
export function failureSentence(status: number): string {
  return (SERVICE_FAILURES[status][1] as { message: string }).message;
}
