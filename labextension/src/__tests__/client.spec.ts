import { JmsRequestError } from '../api';
import { pickForPath } from '../client';
import { draft } from './fixtures';
import { fakeClient, ISeen } from './fakeServer';

describe('JmsClient', () => {
  it('sends list filters as a query, states joined by commas, empty ones left out', async () => {
    const seen: ISeen[] = [];
    const client = fakeClient(
      () => [200, { items: [], next: null, total: 0 }],
      seen
    );

    await client.listDrafts({
      state: ['submitted', 'in_review'],
      author: 'eve',
      q: '',
      limit: 20
    });

    expect(seen[0].path).toBe('drafts');
    expect(Object.fromEntries(seen[0].query)).toEqual({
      state: 'submitted,in_review',
      author: 'eve',
      limit: '20'
    });
  });

  it('escapes a search for a title with markup and ampersands', async () => {
    const seen: ISeen[] = [];
    const client = fakeClient(
      () => [200, { items: [], next: null, total: 0 }],
      seen
    );

    await client.listDrafts({ q: 'A <b>x</b> & y?' });

    expect(seen[0].query.get('q')).toBe('A <b>x</b> & y?');
  });

  it('resubmits the saved notebook with the version it was based on', async () => {
    const seen: ISeen[] = [];
    const client = fakeClient(() => [201, draft({ revision: 2 })], seen);

    await client.resubmit('7', 'posts/a.ipynb', 3);

    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: 'drafts/7/revisions',
      body: { path: 'posts/a.ipynb', if_version: 3 }
    });
  });

  it('wraps the metadata for the live check', async () => {
    const seen: ISeen[] = [];
    const client = fakeClient(
      () => [200, { valid: true, errors: [], counts: [] }],
      seen
    );

    await client.checkPost({ title: 'T' });

    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: 'checks/post',
      body: { metadata: { title: 'T' } }
    });
  });

  it('asks for the checklist of a post of a given kind', async () => {
    const seen: ISeen[] = [];
    const client = fakeClient(() => [200, { values: [], items: [] }], seen);

    await client.checklist(true, false);

    expect(seen[0].path).toBe('checks/checklist');
    expect(seen[0].query.get('third_party')).toBe('true');
    expect(seen[0].query.get('needs_vetting')).toBe('false');
  });

  it('surfaces field errors of a refused submission', async () => {
    const client = fakeClient(() => [
      400,
      {
        message: 'The post metadata has 1 error(s).',
        reason: 'invalid',
        errors: [{ field: 'metadata.jms.title', message: 'required' }]
      }
    ]);

    const error = await client.submit('posts/a.ipynb').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JmsRequestError);
    expect((error as JmsRequestError).errors[0].field).toBe(
      'metadata.jms.title'
    );
  });

  describe('findDraftByPath', () => {
    it('asks the server for the drafts of that path, in one request', async () => {
      const seen: ISeen[] = [];
      const mine = draft({ id: '5', path: 'posts/mine.ipynb', title: 'Mine' });
      const client = fakeClient(
        () => [200, { items: [mine], next: null, total: 1 }],
        seen
      );

      const found = await client.findDraftByPath('posts/mine.ipynb');

      expect(found?.id).toBe('5');
      expect(seen).toHaveLength(1);
      expect(seen[0].query.get('path')).toBe('posts/mine.ipynb');
      expect(seen[0].query.get('limit')).toBe('1');
    });

    it('answers null for a notebook never submitted', async () => {
      const client = fakeClient(() => [
        200,
        { items: [], next: null, total: 0 }
      ]);

      await expect(
        client.findDraftByPath('posts/other.ipynb')
      ).resolves.toBeNull();
    });
  });

  it('picks the newest draft of a path from a newest-first list', () => {
    const drafts = [
      draft({ id: '3', path: 'b.ipynb' }),
      draft({ id: '2', path: 'a.ipynb', state: 'submitted' }),
      draft({ id: '1', path: 'a.ipynb', state: 'withdrawn' })
    ];

    expect(pickForPath(drafts, 'a.ipynb')?.id).toBe('2');
    expect(pickForPath(drafts, 'c.ipynb')).toBeNull();
  });
});
