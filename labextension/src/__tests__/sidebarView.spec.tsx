// Draft titles here are test data, not text of the interface.
/* eslint-disable jupyter/no-untranslated-string */
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { SidebarModel } from '../sidebarModel';
import type { IMe } from '../types/me';
import { SidebarView } from '../ui/sidebar';
import { draft } from './fixtures';
import {
  failureSentence,
  fakeClient,
  meBody,
  Route,
  SERVICE_FAILURES,
  SERVICE_URL
} from './fakeServer';
import { trans } from './render';

const route: Route = seen => {
  if (seen.path === 'drafts') {
    return [
      200,
      {
        items: [
          draft({ id: '7', title: 'Kept', collects_approvals: true }),
          draft({
            id: '8',
            title: 'Given up',
            state: 'withdrawn',
            collects_approvals: false
          })
        ],
        next: null
      }
    ];
  }
  if (seen.path === 'channels') {
    return [200, { items: [] }];
  }
  return undefined;
};

function render(model: SidebarModel): HTMLElement {
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

function model(
  me: Partial<IMe>,
  failing: () => number | null = () => null
): SidebarModel {
  const client = fakeClient(s => {
    const status = failing();
    return status === null ? route(s) : SERVICE_FAILURES[status];
  });
  return new SidebarModel(client, () => Promise.resolve(meBody(me)));
}

describe('SidebarView', () => {
  it('says which service a connected Lab uses, with the URL as tooltip', async () => {
    const m = model({ service: { url: SERVICE_URL } });
    await m.refresh();

    const line = render(m).querySelector('.jp-jms-Service');

    expect(line?.textContent).toBe('Connected to jms.example.org:8443');
    expect(line?.getAttribute('title')).toContain(SERVICE_URL);
  });

  it('counts approvals only on drafts the server says still collect them', async () => {
    const m = model({});
    await m.refresh();

    const node = render(m);

    expect(node.querySelector('[data-draft-id="7"]')?.textContent).toContain(
      '0/1 approvals'
    );
    const withdrawn = node.querySelector('[data-draft-id="8"]');
    expect(withdrawn?.textContent).toContain('Given up');
    expect(withdrawn?.textContent).not.toContain('approvals');
  });

  it('says nothing about a service on a personal server', async () => {
    const m = model({});
    await m.refresh();

    const node = render(m);

    expect(node.querySelector('.jp-jms-Service')).toBeNull();
    expect(node.textContent).not.toContain('Connected to');
  });

  it.each([401, 502, 503, 504])(
    'shows the sentence of a %i and the last lists marked stale, until a good refresh',
    async status => {
      let failing: number | null = null;
      const m = model({ service: { url: SERVICE_URL } }, () => failing);
      await m.refresh();

      failing = status;
      await m.refresh().catch(() => undefined);
      let node = render(m);
      const alert = node.querySelector('[role="alert"]');
      expect(alert?.textContent).toContain(failureSentence(status));
      expect(alert?.getAttribute('data-status')).toBe(String(status));
      expect(alert?.textContent).toContain('may be out of date');
      expect(alert?.textContent).not.toMatch(/^Failed/);
      const content = node.querySelector('.jp-jms-Sidebar-content');
      expect(content?.getAttribute('data-stale')).toBe('true');
      expect(content?.classList.contains('jp-jms-Stale')).toBe(true);
      expect(node.querySelector('[data-draft-id="7"]')?.textContent).toContain(
        'Kept'
      );
      // Still says where it is connected while the service is away.
      expect(node.querySelector('.jp-jms-Service')).not.toBeNull();

      failing = null;
      await m.refresh();
      node = render(m);
      expect(node.querySelector('[role="alert"]')).toBeNull();
      expect(
        node
          .querySelector('.jp-jms-Sidebar-content')
          ?.getAttribute('data-stale')
      ).toBe('false');
    }
  );

  it('shows the sentence without a stale note when nothing was loaded yet', async () => {
    const m = model({}, () => 502);
    await m.refresh().catch(() => undefined);

    const node = render(m);

    const alert = node.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(failureSentence(502));
    expect(alert?.textContent).not.toContain('out of date');
    expect(node.textContent).not.toContain('Loading');
  });
});
