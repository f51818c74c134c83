import { SidebarModel } from '../sidebarModel';
import type { IChannel, IMe } from '../types';
import { draft } from './fixtures';
import { fakeClient, ISeen, meBody, Route } from './fakeServer';

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
});
