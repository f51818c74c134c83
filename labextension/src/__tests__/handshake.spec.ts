import { Notification } from '@jupyterlab/apputils';

import { checkServerVersion } from '../handshake';
import { failureSentence, SERVICE_FAILURES } from './fakeServer';
import { trans } from './render';

describe('checkServerVersion in a connected Lab', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    Notification.dismiss();
  });

  it.each([401, 502, 504])(
    'gives the service sentence of a %i, without telling to upgrade',
    async status => {
      const [code, body] = SERVICE_FAILURES[status];
      globalThis.fetch = (async () =>
        new Response(JSON.stringify(body), {
          status: code,
          headers: { 'Content-Type': 'application/json' }
        })) as typeof globalThis.fetch;

      expect(await checkServerVersion(trans, false)).toBe(false);

      const shown = Notification.manager.notifications;
      const last = shown[0];
      expect(last.message).toBe(failureSentence(status));
      expect(last.type).toBe('warning');
      expect(last.options.actions ?? []).toEqual([]);
      expect(last.message).not.toContain('pip install');
    }
  );
});
