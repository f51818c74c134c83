/**
 * How the review model loads and acts: what it fetches, the requests of a review, comment or
 * transition, and what it shows when the service fails during a load or after an action.
 */

import { ReviewModel } from '../reviewModel';
import type { IDraftDetail } from '../types/drafts';
import { detail } from './fixtures';
import {
  failureSentence,
  fakeClient,
  ISeen,
  SERVICE_FAILURES
} from './fakeServer';
import { server } from './reviewServer';

describe('ReviewModel', () => {
  it('does not fetch the checklist for someone who cannot review', async () => {
    const seen: ISeen[] = [];
    const draft = detail({ id: '4', allowed_actions: ['comment', 'resubmit'] });
    const model = new ReviewModel(
      fakeClient(
        server(() => draft),
        seen
      ),
      '4'
    );

    await model.load();

    expect(model.verdicts).toEqual([]);
    expect(seen.some(s => s.path === 'checks/checklist')).toBe(false);
  });

  it('reviews the current revision, says so, and reloads', async () => {
    const seen: ISeen[] = [];
    let state: IDraftDetail['state'] = 'submitted';
    const route = server(
      () =>
        detail({ id: '4', revision: 2, state, allowed_actions: ['approve'] }),
      s => {
        if (s.method === 'POST' && s.path === 'drafts/4/reviews') {
          state = 'approved';
          return [201, { id: '1', state, version: 2 }];
        }
        return undefined;
      }
    );
    const model = new ReviewModel(fakeClient(route, seen), '4');
    await model.load();
    let acted = 0;
    model.acted.connect(() => acted++);

    await model.review('approve', { jupyter_focus: 'pass' }, 'Great');

    expect(seen.find(s => s.method === 'POST')?.body).toEqual({
      revision: 2,
      verdict: 'approve',
      checklist: { jupyter_focus: 'pass' },
      comment: 'Great'
    });
    expect(acted).toBe(1);
    expect(model.draft?.state).toBe('approved');
  });

  it('comments on a cell or on the whole post', async () => {
    const seen: ISeen[] = [];
    const route = server(
      () => detail({ id: '4' }),
      s => (s.method === 'POST' ? [201, {}] : undefined)
    );
    const model = new ReviewModel(fakeClient(route, seen), '4');
    await model.load();

    await model.comment('On the code', 'code');
    await model.comment('Overall fine', null);

    const posts = seen.filter(s => s.method === 'POST').map(s => s.body);
    expect(posts).toEqual([
      { revision: 1, body: 'On the code', cell_id: 'code' },
      { revision: 1, body: 'Overall fine' }
    ]);
  });

  it('asks for a transition at the version it shows', async () => {
    const seen: ISeen[] = [];
    const route = server(
      () => detail({ id: '4', version: 7, allowed_actions: ['withdraw'] }),
      s =>
        s.method === 'POST'
          ? [200, { id: '4', state: 'withdrawn', version: 8 }]
          : undefined
    );
    const model = new ReviewModel(fakeClient(route, seen), '4');
    await model.load();

    await model.transition('withdraw');

    expect(seen.find(s => s.method === 'POST')).toMatchObject({
      path: 'drafts/4/transitions',
      body: { to: 'withdrawn', if_version: 7 }
    });
  });

  it('keeps the last data and says why when a reload fails', async () => {
    let up = true;
    const model = new ReviewModel(
      fakeClient(s =>
        up ? server(() => detail({ id: '4' }))(s) : [503, { message: 'down' }]
      ),
      '4'
    );
    await model.load();

    up = false;
    await expect(model.load()).rejects.toThrow('down');

    expect(model.error).toBe('down');
    expect(model.draft?.id).toBe('4');
  });
});

describe('ReviewModel against a failing service', () => {
  it.each([401, 502, 503, 504])(
    'a %i on an action rejects with the service sentence and changes nothing shown',
    async status => {
      const seen: ISeen[] = [];
      const route = server(
        () => detail({ id: '4', revision: 2, allowed_actions: ['approve'] }),
        s =>
          s.method === 'POST' && s.path === 'drafts/4/reviews'
            ? SERVICE_FAILURES[status]
            : undefined
      );
      const model = new ReviewModel(fakeClient(route, seen), '4');
      await model.load();
      let acted = 0;
      model.acted.connect(() => acted++);
      const gets = seen.length;

      await expect(
        model.review('approve', { jupyter_focus: 'pass' }, 'Great')
      ).rejects.toThrow(failureSentence(status));

      expect(acted).toBe(0);
      // No reload: the view stays as it was, the action's panel shows the sentence.
      expect(seen.slice(gets).map(s => s.method)).toEqual(['POST']);
      expect(model.error).toBeNull();
      expect(model.stale).toBe(false);
    }
  );

  it('an action the service took stays taken when the reload after it fails', async () => {
    let down = false;
    const route = server(
      () => detail({ id: '4', revision: 2, allowed_actions: ['comment'] }),
      s => {
        if (s.method === 'POST') {
          down = true;
          return [201, {}];
        }
        return down ? SERVICE_FAILURES[504] : undefined;
      }
    );
    const model = new ReviewModel(fakeClient(route), '4');
    await model.load();
    const loadedAt = model.loadedAt;

    // Resolves: the comment was stored; a retry would post it twice.
    await model.comment('On the code', 'code');

    expect(model.error).toBe(failureSentence(504));
    expect(model.errorStatus).toBe(504);
    expect(model.stale).toBe(true);
    expect(model.loadedAt).toBe(loadedAt);
    expect(model.draft?.id).toBe('4');

    down = false;
    await model.load();
    expect(model.stale).toBe(false);
    expect(model.errorStatus).toBeNull();
  });
});
