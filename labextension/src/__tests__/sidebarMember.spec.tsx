import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { SidebarModel } from '../sidebarModel';
import type { IMe } from '../types/me';
import { SidebarView } from '../ui/sidebar';
import { fakeClient, meBody } from './fakeServer';
import { trans } from './render';

async function rendered(me: Partial<IMe>): Promise<HTMLElement> {
  const client = fakeClient(seen =>
    seen.path === 'drafts'
      ? [200, { items: [], next: null }]
      : seen.path === 'channels'
        ? [200, { items: [] }]
        : undefined
  );
  const model = new SidebarModel(client, () => Promise.resolve(meBody(me)));
  await model.refresh();
  const host = document.createElement('div');
  host.innerHTML = renderToStaticMarkup(
    <SidebarView
      model={model}
      trans={trans}
      onRefresh={() => undefined}
      onOpen={() => undefined}
      onSubmit={() => undefined}
    />
  );
  return host;
}

describe('SidebarView and who is signed in', () => {
  it('tells a caller off the roster to use a member link, not a random id', async () => {
    const node = await rendered({
      username: '38028ae70edc45d5903ce49108663a1b',
      name: '',
      member: false
    });

    const line = node.querySelector('.jp-jms-Sidebar-notMember');
    expect(line?.textContent).toBe('Not a JMS member: use a member link.');
    expect(node.textContent).not.toContain('Signed in as');
    expect(node.textContent).not.toContain('38028ae7');
  });

  it('names a member, with roles when there are some', async () => {
    const node = await rendered({ roles: ['editor'] });

    expect(node.querySelector('.jp-jms-Sidebar-notMember')).toBeNull();
    expect(node.querySelector('.jp-jms-Sidebar-me')?.textContent).toBe(
      'Signed in as Ada (editor)'
    );
  });
});
