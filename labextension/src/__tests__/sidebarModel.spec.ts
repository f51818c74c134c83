import { SidebarModel } from '../sidebarModel';
import type { IMe } from '../types/me';
import type { IChannel } from '../types/registry';
import { draft } from './fixtures';
import {
  failureSentence,
  fakeClient,
  ISeen,
  meBody,
  Route,
  SERVICE_FAILURES,
  SERVICE_URL
} from './fakeServer';

function channel(id: string, overrides: Partial<IChannel> = {}): IChannel {
  return {
    id,
    name: id.toUpperCase(),
    platform: id,
    kind: 'social',
    url: null,
    handle: null,
    status: 'active',
    preferred: false,
    char_limit: null,
    ...overrides
  };
}

const route: Route = seen => {
  if (seen.path === 'drafts') {
    return seen.query.has('state')
      ? [200, { items: [draft({ id: '2' })], next: null, total: 1 }]
      : [200, { items: [draft({ id: '1' })], next: null, total: 1 }];
  }
  if (seen.path === 'channels') {
    return [
      200,
      {
        items: [
          channel('zulip'),
          channel('x', { status: 'retired' }),
          channel('blog', { kind: 'blog' }),
          channel('mastodon', { preferred: true })
        ]
      }
    ];
  }
  return undefined;
};

function me(overrides: Partial<IMe> = {}): () => Promise<IMe> {
  return () => Promise.resolve(meBody(overrides));
}

const EDITOR = me({
  roles: ['editor'],
  capabilities: ['review', 'read_governance', 'run_reports', 'vote'],
  review_queue: { states: ['submitted', 'in_review'] }
});

describe('SidebarModel', () => {
  it('loads my drafts by author, the queue for editors, and active channels preferred first', async () => {
    const seen: ISeen[] = [];
    const model = new SidebarModel(fakeClient(route, seen), EDITOR);

    await model.refresh();

    const mine = seen.find(s => s.path === 'drafts' && s.query.has('author'));
    expect(mine?.query.get('author')).toBe('ada');
    const queue = seen.find(s => s.path === 'drafts' && s.query.has('state'));
    expect(queue?.query.get('state')).toBe('submitted,in_review');
    expect(model.showsQueue).toBe(true);
    expect(model.mine.map(d => d.id)).toEqual(['1']);
    expect(model.queue.map(d => d.id)).toEqual(['2']);
    expect(model.channels.map(c => c.id)).toEqual([
      'mastodon',
      'blog',
      'zulip'
    ]);
    expect(model.loaded).toBe(true);
  });

  it('asks for the queue an admin who is not an editor has, in the states the server names', async () => {
    const seen: ISeen[] = [];
    const admin = me({
      username: 'dana',
      roles: ['admin', 'chair'],
      capabilities: ['administer_registry', 'record_attendance'],
      review_queue: { states: ['submitted', 'in_review'] }
    });
    const model = new SidebarModel(fakeClient(route, seen), admin);

    await model.refresh();

    const queue = seen.find(s => s.path === 'drafts' && s.query.has('state'));
    expect(queue?.query.get('state')).toBe('submitted,in_review');
    expect(model.showsQueue).toBe(true);
    expect(model.queue.map(d => d.id)).toEqual(['2']);
  });

  it('lists first what a council vetter needs to vet, then the rest', async () => {
    const seen: ISeen[] = [];
    const vetter: Route = s => {
      if (s.path === 'drafts' && s.query.get('vetting') === 'mine') {
        return [
          200,
          { items: [draft({ id: '5', language: 'es' })], next: null, total: 1 }
        ];
      }
      if (s.path === 'drafts' && s.query.get('vetting') === 'other') {
        return [200, { items: [draft({ id: '2' })], next: null, total: 1 }];
      }
      return route(s);
    };
    const model = new SidebarModel(
      fakeClient(vetter, seen),
      me({
        username: 'carla',
        roles: ['council'],
        review_queue: {
          states: ['submitted', 'in_review'],
          vetting_first: ['es', 'pt']
        }
      })
    );

    await model.refresh();

    expect(model.queue.map(d => d.id)).toEqual(['5', '2']);
    expect(model.needsMyVetting('5')).toBe(true);
    expect(model.needsMyVetting('2')).toBe(false);
    const asked = seen
      .filter(s => s.path === 'drafts' && s.query.has('vetting'))
      .map(s => `${s.query.get('vetting')} ${s.query.get('state')}`)
      .sort();
    expect(asked).toEqual([
      'mine submitted,in_review',
      'other submitted,in_review'
    ]);
  });

  it('follows the server when it names other queue states', async () => {
    const seen: ISeen[] = [];
    const model = new SidebarModel(
      fakeClient(route, seen),
      me({ roles: ['council'], review_queue: { states: ['in_review'] } })
    );

    await model.refresh();

    const queue = seen.find(s => s.path === 'drafts' && s.query.has('state'));
    expect(queue?.query.get('state')).toBe('in_review');
  });

  it('does not ask for a queue when the server names none, whatever the roles', async () => {
    const seen: ISeen[] = [];
    const model = new SidebarModel(
      fakeClient(route, seen),
      me({ roles: ['editor'] })
    );

    await model.refresh();

    expect(seen.some(s => s.query.has('state'))).toBe(false);
    expect(model.showsQueue).toBe(false);
    expect(model.queue).toEqual([]);
  });

  it('keeps what it showed and says why when a refresh fails', async () => {
    let up = true;
    const model = new SidebarModel(
      fakeClient(s => (up ? route(s) : [502, { message: 'proxy down' }])),
      EDITOR
    );
    await model.refresh();

    up = false;
    await expect(model.refresh()).rejects.toThrow('proxy down');

    expect(model.error).toBe('proxy down');
    expect(model.mine.map(d => d.id)).toEqual(['1']);
  });

  it('names the service of a connected Lab, and none on a personal server', async () => {
    const personal = new SidebarModel(fakeClient(route), EDITOR);
    await personal.refresh();
    expect(personal.service).toBeNull();

    const connected = new SidebarModel(
      fakeClient(route),
      me({ service: { url: SERVICE_URL } })
    );
    await connected.refresh();
    expect(connected.service).toEqual({
      url: SERVICE_URL,
      host: 'jms.example.org:8443'
    });
  });

  it.each([401, 502, 503, 504])(
    'shows the service sentence of a %i, keeps the lists marked stale, and recovers',
    async status => {
      let failing = false;
      const model = new SidebarModel(
        fakeClient(s => (failing ? SERVICE_FAILURES[status] : route(s))),
        EDITOR
      );
      await model.refresh();
      const loadedAt = model.loadedAt;
      expect(model.stale).toBe(false);

      failing = true;
      await expect(model.refresh()).rejects.toThrow(failureSentence(status));
      expect(model.error).toBe(failureSentence(status));
      expect(model.errorStatus).toBe(status);
      expect(model.stale).toBe(true);
      expect(model.loadedAt).toBe(loadedAt);
      expect(model.mine.map(d => d.id)).toEqual(['1']);
      expect(model.queue.map(d => d.id)).toEqual(['2']);
      expect(model.channels).toHaveLength(3);

      failing = false;
      await model.refresh();
      expect(model.error).toBeNull();
      expect(model.errorStatus).toBeNull();
      expect(model.stale).toBe(false);
    }
  );

  it('says why when `me` itself fails before anything was loaded', async () => {
    const client = fakeClient(() => SERVICE_FAILURES[502]);
    const model = new SidebarModel(client, () => client.me());

    await expect(model.refresh()).rejects.toThrow(failureSentence(502));

    expect(model.error).toBe(failureSentence(502));
    expect(model.loaded).toBe(false);
    // Nothing was shown before: nothing is stale.
    expect(model.stale).toBe(false);
  });
});
