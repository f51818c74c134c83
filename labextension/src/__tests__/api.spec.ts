import { ServerConnection } from '@jupyterlab/services';

import { JmsRequestError, requestAPI } from '../api';

const BASE_URL = 'http://localhost:8888/lab-base/';

/**
 * Connection settings whose fetch answers `status` and `body`, recording each request.
 */
function fakeServer(
  status: number,
  body: string,
  requests: Request[] = []
): ServerConnection.ISettings {
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    requests.push(input as Request);
    return new Response(body === '' ? null : body, {
      status,
      headers: { 'Content-Type': 'application/json' }
    });
  };
  return ServerConnection.makeSettings({
    baseUrl: BASE_URL,
    wsUrl: 'ws://localhost:8888/lab-base/',
    fetch: fetch as typeof globalThis.fetch
  });
}

describe('requestAPI', () => {
  it('calls the endpoint below {baseUrl}jms/api/ and decodes the JSON answer', async () => {
    const requests: Request[] = [];
    const settings = fakeServer(200, '{"version": "0.1.0"}', requests);

    const answer = await requestAPI<{ version: string }>(
      'version',
      {},
      settings
    );

    expect(answer).toEqual({ version: '0.1.0' });
    expect(requests).toHaveLength(1);
    // The default settings append a cache buster as the query string.
    const url = new URL(requests[0].url);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE_URL}jms/api/version`);
    expect(requests[0].method).toBe('GET');
  });

  it('marks a JSON body as JSON', async () => {
    const requests: Request[] = [];
    const settings = fakeServer(201, '{"id": "d1"}', requests);

    await requestAPI(
      'drafts',
      { method: 'POST', body: JSON.stringify({ path: 'posts/a.ipynb' }) },
      settings
    );

    expect(requests[0].headers.get('Content-Type')).toBe('application/json');
  });

  it('returns undefined for an empty answer', async () => {
    const settings = fakeServer(204, '');

    await expect(
      requestAPI('drafts/d1', {}, settings)
    ).resolves.toBeUndefined();
  });

  it('turns a server error into a JmsRequestError with its fields', async () => {
    const settings = fakeServer(
      400,
      JSON.stringify({
        message: 'Invalid draft',
        reason: 'validation',
        errors: [{ field: 'title', message: 'Title is required' }, 'junk']
      })
    );

    const error = await requestAPI('drafts', {}, settings).catch(
      (e: unknown) => e
    );

    expect(error).toBeInstanceOf(JmsRequestError);
    expect(error).toMatchObject({
      status: 400,
      message: 'Invalid draft',
      reason: 'validation',
      errors: [{ field: 'title', message: 'Title is required' }]
    });
  });

  it('keeps the text of an error page that is not JSON', async () => {
    const settings = fakeServer(502, 'Bad gateway from the proxy');

    const error = await requestAPI('version', {}, settings).catch(
      (e: unknown) => e
    );

    expect(error).toBeInstanceOf(JmsRequestError);
    expect(error).toMatchObject({
      status: 502,
      message: 'Bad gateway from the proxy',
      reason: null,
      errors: []
    });
  });

  it('rejects a successful answer that is not JSON', async () => {
    const settings = fakeServer(200, '<html>login</html>');

    await expect(requestAPI('version', {}, settings)).rejects.toThrow(
      JmsRequestError
    );
  });
});
