import * as React from 'react';

import { GrantsTab } from '../registry/grants';
import { MembersTab } from '../registry/members';
import type { IGrant, IMember } from '../registry/registryApi';
import { fakeClient, ISeen, meBody, Route } from './fakeServer';
import { channel, grant, member, until } from './registryFixtures';
import { Mounted, trans } from './render';

const ADMIN = meBody({
  username: 'dana',
  capabilities: ['administer_registry']
});
const EDITOR = meBody({ username: 'ada', capabilities: ['review'] });

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

function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).find(
    b => b.textContent === text
  );
  if (!found) {
    throw new Error(`no button "${text}"`);
  }
  return found;
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

function membersServer(members: IMember[]): Route {
  return seen => {
    if (seen.path === 'members' && seen.method === 'GET') {
      return [
        200,
        { items: members, role_names: ['editor', 'council', 'admin', 'chair'] }
      ];
    }
    const roles = /^members\/([^/]+)\/roles$/.exec(seen.path);
    if (roles && seen.method === 'POST') {
      const m = members.find(x => x.username === roles[1])!;
      const body = seen.body as {
        role: string;
        since: string;
        languages?: string[];
      };
      m.role_intervals.push({
        id: String(m.role_intervals.length + 10),
        role: body.role,
        since: body.since,
        until: null,
        languages: body.languages ?? []
      });
      m.version += 1;
      return [201, m];
    }
    const end = /^members\/([^/]+)\/roles\/([^/]+)$/.exec(seen.path);
    if (end && seen.method === 'PATCH') {
      const m = members.find(x => x.username === end[1])!;
      const r = m.role_intervals.find(x => x.id === end[2])!;
      r.until = (seen.body as { until: string }).until;
      m.version += 1;
      return [200, m];
    }
    return undefined;
  };
}

function mountMembers(route: Route, me = ADMIN, seen: ISeen[] = []): Mounted {
  return new Mounted(
    <MembersTab
      client={fakeClient(route, seen)}
      me={me}
      trans={trans}
      changed={() => undefined}
    />
  );
}

describe('MembersTab', () => {
  const roster = () => [
    member(),
    member({
      username: 'carla',
      name: 'Carla',
      roles: ['council'],
      languages: ['es', 'pt'],
      aliases: ['carla-gh'],
      role_intervals: [
        {
          id: '2',
          role: 'council',
          since: '2025-03-01',
          until: null,
          languages: ['es', 'pt']
        }
      ]
    }),
    member({
      username: 'finn',
      name: 'Finn Former',
      roles: [],
      role_intervals: [
        {
          id: '3',
          role: 'editor',
          since: '2020-01-01',
          until: '2024-01-01',
          languages: []
        }
      ]
    })
  ];

  it('shows roles as intervals, council languages and aliases, read only for an editor', async () => {
    const m = mountMembers(membersServer(roster()), EDITOR);
    await until(() => m.node.querySelector('tbody tr') !== null);

    const carla = m.node.querySelector('tr[data-username="carla"]')!;
    expect(carla.textContent).toContain('Council: since 2025-03-01 (es, pt)');
    expect(carla.textContent).toContain('vets es, pt');
    expect(carla.textContent).toContain('carla-gh');
    const finn = m.node.querySelector('tr[data-username="finn"]')!;
    expect(finn.textContent).toContain('no role today');
    expect(finn.querySelector('.jp-jms-Interval-ended')?.textContent).toContain(
      'Editor: 2020-01-01 to 2024-01-01'
    );
    expect(m.node.querySelector('button')).toBeNull();
    m.unmount();
  });

  it("lets an admin open a role and end one, each with the member's version", async () => {
    const seen: ISeen[] = [];
    const m = mountMembers(membersServer(roster()), ADMIN, seen);
    await until(() => m.node.querySelector('tbody tr') !== null);

    const ada = () => m.node.querySelector('tr[data-username="ada"]')!;
    await m.click(
      button(ada(), 'Add a role…'),
      () => m.node.querySelector('.jp-jms-RoleForm') !== null
    );
    const role = m.node.querySelector(
      '#jp-jms-role-ada-role'
    ) as HTMLSelectElement;
    expect(Array.from(role.options).map(o => o.value)).toEqual([
      'editor',
      'council',
      'admin',
      'chair'
    ]);
    React.act(() => {
      role.value = 'council';
      role.dispatchEvent(new Event('change', { bubbles: true }));
    });
    m.type(
      m.node.querySelector('#jp-jms-role-ada-since') as HTMLInputElement,
      '2026-12-01'
    );
    m.type(
      m.node.querySelector('#jp-jms-role-ada-languages') as HTMLInputElement,
      'fr, de'
    );
    await m.click(button(m.node, 'Add role'), () =>
      ada().textContent!.includes('Council: since 2026-12-01 (fr, de)')
    );
    expect(seen.find(s => s.method === 'POST')?.body).toEqual({
      role: 'council',
      since: '2026-12-01',
      languages: ['fr', 'de'],
      if_version: 1
    });

    const editor = ada().querySelector('li[data-interval-id="1"]')!;
    await m.click(
      editor.querySelector('.jp-jms-EndRole')!,
      () => m.node.querySelector('#jp-jms-interval-1-until') !== null
    );
    m.type(
      m.node.querySelector('#jp-jms-interval-1-until') as HTMLInputElement,
      '2026-12-31'
    );
    await m.click(button(m.node, 'End role'), () =>
      ada().textContent!.includes('Editor: 2025-01-01 to 2026-12-31')
    );
    expect(seen.find(s => s.method === 'PATCH')).toMatchObject({
      path: 'members/ada/roles/1',
      body: { until: '2026-12-31', if_version: 2 }
    });
    m.unmount();
  });

  it('adds a member with a first role', async () => {
    const seen: ISeen[] = [];
    const members = roster();
    const route = membersServer(members);
    const m = mountMembers(
      s => {
        if (s.path === 'members' && s.method === 'POST') {
          const made = member({ ...(s.body as IMember), roles: ['editor'] });
          members.push(made);
          return [201, made];
        }
        return route(s);
      },
      ADMIN,
      seen
    );
    await until(() => m.node.querySelector('tbody tr') !== null);
    await m.click(
      button(m.node, 'Add a member…'),
      () => m.node.querySelector('.jp-jms-NewMemberForm') !== null
    );
    m.type(
      m.node.querySelector('#jp-jms-new-member-username') as HTMLInputElement,
      'lucia'
    );
    m.type(
      m.node.querySelector('#jp-jms-new-member-aliases') as HTMLInputElement,
      'lucia-gh, lucia2'
    );
    const role = m.node.querySelector(
      '#jp-jms-new-member-role'
    ) as HTMLSelectElement;
    React.act(() => {
      role.value = 'editor';
      role.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await m.click(
      button(m.node, 'Add member'),
      () => m.node.querySelector('tr[data-username="lucia"]') !== null
    );

    const body = seen.find(s => s.method === 'POST')?.body as Record<
      string,
      unknown
    >;
    expect(body.username).toBe('lucia');
    expect(body.aliases).toEqual(['lucia-gh', 'lucia2']);
    expect(body.roles).toEqual([
      { role: 'editor', since: new Date().toISOString().slice(0, 10) }
    ]);
    expect(m.node.textContent).toContain('lucia is on the roster.');
    m.unmount();
  });
});
