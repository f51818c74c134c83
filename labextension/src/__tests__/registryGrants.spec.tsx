import * as React from 'react';

import { GrantsTab } from '../registry/grants';
import type { IGrant } from '../registry/registryApi';
import { fakeClient, ISeen, Route } from './fakeServer';
import {
  ADMIN,
  button,
  channel,
  EDITOR,
  grant,
  until
} from './registryFixtures';
import { Mounted, trans } from './render';

/**
 * A grants server for the `mastodon` channel: who may be granted comes from `grantable`
 * (as the real server decides it), grants are created, changed and revoked in `grants`.
 */
function grantsServer(grants: IGrant[], grantable: string[]): Route {
  return seen => {
    if (seen.path === 'channels') {
      return [200, { items: [channel()] }];
    }
    if (seen.path === 'channels/mastodon/grants' && seen.method === 'GET') {
      const live = new Set(grants.filter(g => g.live).map(g => g.username));
      return [
        200,
        {
          channel: 'mastodon',
          items: grants,
          grantable: grantable
            .filter(u => !live.has(u))
            .map(u => ({ username: u, name: u.toUpperCase() })),
          access_levels: ['admin', 'publisher', 'viewer'],
          stale_grant_days: 180
        }
      ];
    }
    if (seen.path === 'channels/mastodon/grants' && seen.method === 'POST') {
      const body = seen.body as IGrant;
      const made = grant({ ...body, id: String(grants.length + 1) });
      grants.push(made);
      return [201, made];
    }
    const m = /^channels\/mastodon\/grants\/(\d+)$/.exec(seen.path);
    if (m && seen.method === 'PATCH') {
      const g = grants.find(x => x.id === m[1])!;
      const body = seen.body as {
        action?: string;
        reason?: string;
        access?: string;
      };
      if (body.action === 'revoke') {
        Object.assign(g, {
          live: false,
          revoked_at: '2026-12-06T22:00:00Z',
          revoked_by: 'dana',
          revoke_reason: body.reason
        });
      } else if (body.access) {
        g.access = body.access;
      }
      g.version += 1;
      return [200, g];
    }
    const own = /^members\/([^/]+)\/grants$/.exec(seen.path);
    if (own) {
      return [
        200,
        { username: own[1], items: grants.filter(g => g.username === own[1]) }
      ];
    }
    return undefined;
  };
}

function mountGrants(route: Route, me = ADMIN, seen: ISeen[] = []): Mounted {
  return new Mounted(
    <GrantsTab
      client={fakeClient(route, seen)}
      me={me}
      trans={trans}
      changed={() => undefined}
    />
  );
}

const current = (m: Mounted) =>
  Array.from(
    m.node.querySelectorAll('[data-list="current"] tbody tr[data-username]')
  ).map(r => r.getAttribute('data-username'));

describe('GrantsTab', () => {
  it('offers in the grant form only the members the server says may hold a grant', async () => {
    const m = mountGrants(grantsServer([grant()], ['ada', 'ben', 'dana']));
    await until(() => m.node.querySelector('.jp-jms-GrantForm') !== null);

    const options = Array.from(
      (m.node.querySelector('#jp-jms-grant-member') as HTMLSelectElement)
        .options
    ).map(o => o.value);
    // dana already holds a grant; a former member or a non-member is never listed.
    expect(options).toEqual(['ada', 'ben']);
    expect(m.node.textContent).toContain('in 180 days');
    m.unmount();
  });

  it('grants, lists, then revokes with a reason: gone from current, kept in who had access', async () => {
    const seen: ISeen[] = [];
    const grants = [grant()];
    const m = mountGrants(
      grantsServer(grants, ['ada', 'ben', 'dana']),
      ADMIN,
      seen
    );
    await until(() => m.node.querySelector('.jp-jms-GrantForm') !== null);

    const select = m.node.querySelector(
      '#jp-jms-grant-member'
    ) as HTMLSelectElement;
    React.act(() => {
      select.value = 'ben';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    m.type(
      m.node.querySelector('#jp-jms-grant-reason') as HTMLInputElement,
      'posts release notes'
    );
    m.type(
      m.node.querySelector('#jp-jms-grant-vault') as HTMLInputElement,
      'op://JMS/Mastodon/password'
    );
    await m.click(button(m.node, 'Grant access'), () =>
      current(m).includes('ben')
    );
    expect(seen.find(s => s.method === 'POST')?.body).toEqual({
      username: 'ben',
      access: 'viewer',
      vault_ref: 'op://JMS/Mastodon/password',
      reason: 'posts release notes'
    });

    const row = m.node.querySelector(
      '[data-list="current"] tr[data-username="ben"]'
    )!;
    await m.click(
      button(row, 'Revoke…'),
      () => m.node.querySelector('.jp-jms-RevokeForm') !== null
    );
    const revoke = button(m.node, 'Revoke access');
    expect(revoke.disabled).toBe(true);
    m.type(
      m.node.querySelector('.jp-jms-RevokeForm input') as HTMLInputElement,
      'left the team'
    );
    expect(revoke.disabled).toBe(false);
    await m.click(revoke, () => !current(m).includes('ben'));

    expect(seen.filter(s => s.method === 'PATCH').map(s => s.body)).toEqual([
      { action: 'revoke', reason: 'left the team', if_version: 1 }
    ]);
    const history = m.node.querySelector(
      '[data-list="history"] tr[data-username="ben"]'
    )!;
    expect(history.getAttribute('data-live')).toBe('false');
    expect(history.textContent).toContain('revoked 2026-12-06 by dana');
    expect(history.textContent).toContain('Revoked: left the team');
    m.unmount();
  });

  it('changes the access level of a live grant with its version', async () => {
    const seen: ISeen[] = [];
    const m = mountGrants(
      grantsServer([grant({ version: 4 })], []),
      ADMIN,
      seen
    );
    await until(() => current(m).length === 1);

    const select = m.node.querySelector(
      '#jp-jms-grant-1-access'
    ) as HTMLSelectElement;
    React.act(() => {
      select.value = 'viewer';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await until(() =>
      m.node.textContent!.includes('dana now holds Viewer access.')
    );

    expect(seen.find(s => s.method === 'PATCH')?.body).toEqual({
      access: 'viewer',
      if_version: 4
    });
    m.unmount();
  });

  it('shows a stale flag with the reasons the server gives', async () => {
    const m = mountGrants(
      grantsServer(
        [
          grant({
            stale: true,
            stale_reasons: ['not re-authorised for over 180 days']
          })
        ],
        []
      )
    );
    await until(() => m.node.querySelector('[data-stale="true"]') !== null);

    const flag = m.node.querySelector(
      '[data-list="current"] [data-stale="true"]'
    )!;
    expect(flag.textContent).toBe('stale: not re-authorised for over 180 days');
    expect(flag.getAttribute('title')).toContain(
      'never an automatic revocation'
    );
    m.unmount();
  });

  it('shows an editor their own access, read only, without asking for every grant', async () => {
    const seen: ISeen[] = [];
    const m = mountGrants(
      grantsServer([grant({ username: 'ada', access: 'viewer' })], ['ada']),
      EDITOR,
      seen
    );
    await until(() => m.node.querySelector('[data-list="history"]') !== null);

    expect(seen.map(s => s.path)).toEqual(['members/ada/grants']);
    expect(m.node.querySelector('.jp-jms-GrantForm')).toBeNull();
    expect(m.node.textContent).not.toContain('Revoke');
    expect(m.node.textContent).toContain('still holds it');
    m.unmount();
  });
});
