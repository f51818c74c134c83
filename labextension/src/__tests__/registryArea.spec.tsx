import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { JmsRequestError } from '../api';
import { RegistryArea } from '../registry/area';
import { REGISTRY_TABS } from '../registry/tabs';
import { SidebarModel } from '../sidebarModel';
import type { IMe } from '../types/me';
import { SidebarView } from '../ui/sidebar';
import { fakeClient, meBody, Route } from './fakeServer';
import { channel, until } from './registryFixtures';
import { Mounted, trans } from './render';

const route: Route = seen => {
  if (seen.path === 'channels') {
    return [200, { items: [channel()] }];
  }
  return undefined;
};

function mount(me: () => Promise<IMe>): Mounted {
  return new Mounted(
    <RegistryArea
      client={fakeClient(route)}
      trans={trans}
      me={me}
      changed={() => undefined}
    />
  );
}

function tabNames(m: Mounted): string[] {
  return Array.from(m.node.querySelectorAll('[role="tab"]')).map(
    t => (t as HTMLElement).dataset.tab ?? ''
  );
}

describe('RegistryArea', () => {
  it('shows an admin every tab, the first one open, and says they may change the registry', async () => {
    const m = mount(() =>
      Promise.resolve(
        meBody({ username: 'dana', capabilities: ['administer_registry'] })
      )
    );
    await until(() => m.node.querySelector('[role="tablist"]') !== null);

    expect(tabNames(m)).toEqual(REGISTRY_TABS.map(t => t.id));
    expect(
      m.node.querySelector('.jp-jms-Registry')?.getAttribute('data-admin')
    ).toBe('true');
    expect(
      m.node.querySelector('[aria-selected="true"]')?.getAttribute('data-tab')
    ).toBe('channels');
    expect(m.node.textContent).toContain('you may change the registry');
    m.unmount();
  });

  it('shows a member the tabs as read only', async () => {
    const m = mount(() => Promise.resolve(meBody({ username: 'ada' })));
    await until(() => m.node.querySelector('[role="tablist"]') !== null);

    expect(
      m.node.querySelector('.jp-jms-Registry')?.getAttribute('data-admin')
    ).toBe('false');
    expect(m.node.textContent).toContain('read only');
    m.unmount();
  });

  it('hides the access tab from a caller who is not a member', async () => {
    const m = mount(() =>
      Promise.resolve(meBody({ username: '38028ae7', member: false }))
    );
    await until(() => m.node.querySelector('[role="tablist"]') !== null);

    expect(tabNames(m)).not.toContain('grants');
    m.unmount();
  });

  it("shows the server's sentence when GET me is refused", async () => {
    const m = mount(() =>
      Promise.reject(
        new JmsRequestError(403, 'You are not allowed to use JMS here.')
      )
    );
    await until(() => m.node.querySelector('[role="alert"]') !== null);

    expect(m.node.querySelector('[role="alert"]')?.textContent).toBe(
      'You are not allowed to use JMS here.'
    );
    expect(m.node.querySelector('[role="tablist"]')).toBeNull();
    m.unmount();
  });

  it('moves between tabs with the arrow keys and shows the chosen one', async () => {
    const m = mount(() => Promise.resolve(meBody({ username: 'ada' })));
    await until(() => m.node.querySelector('[role="tablist"]') !== null);
    const list = m.node.querySelector('[role="tablist"]') as HTMLElement;

    React.act(() => {
      list.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })
      );
    });

    const selected = m.node.querySelector('[aria-selected="true"]');
    expect(selected?.getAttribute('data-tab')).toBe(REGISTRY_TABS[1].id);
    expect(document.activeElement).toBe(selected);
    expect(
      m.node.querySelector('[role="tabpanel"]')?.getAttribute('data-tab')
    ).toBe(REGISTRY_TABS[1].id);
    m.unmount();
  });
});

describe('the Media sidebar link to the area', () => {
  async function sidebar(me: Partial<IMe>): Promise<HTMLElement> {
    const model = new SidebarModel(
      fakeClient(s =>
        s.path === 'drafts'
          ? [200, { items: [], next: null, total: 0 }]
          : s.path === 'channels'
            ? [200, { items: [] }]
            : undefined
      ),
      () => Promise.resolve(meBody(me))
    );
    await model.refresh();
    const host = document.createElement('div');
    host.innerHTML = renderToStaticMarkup(
      <SidebarView
        model={model}
        trans={trans}
        onRefresh={() => undefined}
        onOpen={() => undefined}
        onSubmit={() => undefined}
        onOpenRegistry={() => undefined}
      />
    );
    return host;
  }

  it('invites an admin to keep the registry and a member to read it', async () => {
    const admin = await sidebar({ capabilities: ['administer_registry'] });
    expect(
      admin.querySelector('[data-action="open-registry"]')?.textContent
    ).toContain('channels, access, members');
    const member = await sidebar({});
    expect(
      member.querySelector('[data-action="open-registry"]')?.textContent
    ).toContain('read only');
  });

  it('offers nothing to a caller who is not a member', async () => {
    const node = await sidebar({ member: false });
    expect(node.querySelector('[data-action="open-registry"]')).toBeNull();
  });
});
