import * as React from 'react';

import { MembersTab } from '../registry/members';
import type { IMember } from '../registry/registryApi';
import { fakeClient, ISeen, Route } from './fakeServer';
import { ADMIN, button, EDITOR, member, until } from './registryFixtures';
import { Mounted, trans } from './render';

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
