import { ServerConnection } from '@jupyterlab/services';

import { JmsClient } from '../client';
import type { IMe } from '../types';

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
