import * as React from 'react';

import type {
  IGrant,
  IMember,
  IRegistryChannel
} from '../registry/registryApi';
import { meBody } from './fakeServer';

/**
 * A registry admin, and an editor who administers nothing.
 */
export const ADMIN = meBody({
  username: 'dana',
  capabilities: ['administer_registry']
});
export const EDITOR = meBody({ username: 'ada', capabilities: ['review'] });

/**
 * The button under `root` whose whole text is `text`; throws when there is none.
 */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).find(
    b => b.textContent === text
  );
  if (!found) {
    throw new Error(`no button "${text}"`);
  }
  return found;
}

/**
 * Wait until `done()` holds, applying React's updates meanwhile.
 */
export async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!done()) {
    if (Date.now() > deadline) {
      throw new Error('timed out waiting for the view');
    }
    await React.act(() => new Promise(resolve => setTimeout(resolve, 5)));
  }
}

export function channel(
  overrides: Partial<IRegistryChannel> = {}
): IRegistryChannel {
  return {
    id: 'mastodon',
    name: 'Mastodon',
    platform: 'mastodon',
    kind: 'social',
    url: 'https://fosstodon.org/@ProjectJupyter',
    handle: '@ProjectJupyter',
    stewardship: 'primary',
    mode: 'two_way',
    status: 'active',
    preferred: true,
    char_limit: 500,
    owners: [],
    delegates: [],
    description: '',
    retired_on: null,
    connector: 'mastodon',
    api_url: 'https://fosstodon.org',
    version: 3,
    next_statuses: ['paused', 'retired'],
    ...overrides
  };
}

export function grant(overrides: Partial<IGrant> = {}): IGrant {
  return {
    id: '1',
    channel: 'mastodon',
    username: 'dana',
    access: 'admin',
    vault_ref: 'op://JMS/Mastodon/password',
    reason: 'runs the account',
    granted_by: 'dana',
    granted_at: '2026-01-10T09:00:00Z',
    reauthorized_at: null,
    verified_post_at: null,
    revoked_by: null,
    revoked_at: null,
    revoke_reason: '',
    decision: null,
    live: true,
    stale: false,
    stale_reasons: [],
    version: 1,
    ...overrides
  };
}

export function member(overrides: Partial<IMember> = {}): IMember {
  return {
    username: 'ada',
    name: 'Ada',
    affiliation: '',
    aliases: [],
    roles: ['editor'],
    languages: [],
    role_intervals: [
      {
        id: '1',
        role: 'editor',
        since: '2025-01-01',
        until: null,
        languages: []
      }
    ],
    version: 1,
    ...overrides
  };
}
