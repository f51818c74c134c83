import type { TranslationBundle } from '@jupyterlab/translation';

import { MediaContext } from '../context';
import { stateLabel } from '../labels';
import { fakeClient, ISeen, meBody } from './fakeServer';

/**
 * English strings with %1-style placeholders filled, as the null translator does.
 */
const trans = {
  __: (text: string, ...args: unknown[]) =>
    text.replace(/%(\d+)/g, (_, i: string) => String(args[Number(i) - 1]))
} as unknown as TranslationBundle;

describe('MediaContext', () => {
  it('asks the server who the caller is once, and again after a failure', async () => {
    const seen: ISeen[] = [];
    let up = false;
    const context = new MediaContext(
      fakeClient(
        () =>
          up ? [200, meBody({ username: 'eve', name: 'Eve' })] : [503, {}],
        seen
      ),
      trans
    );

    await expect(context.me()).rejects.toBeDefined();
    up = true;
    await context.me();
    await context.me();

    expect(seen).toHaveLength(2);
  });

  it('tells panels about new refresh settings and changed drafts', () => {
    const context = new MediaContext(
      fakeClient(() => undefined),
      trans
    );
    const intervals: number[] = [];
    const drafts: (string | null)[] = [];
    context.refreshSettingsChanged.connect((_, s) =>
      intervals.push(s.refreshInterval)
    );
    context.draftChanged.connect((_, id) => drafts.push(id));

    context.setRefreshSettings({ refreshInterval: 5, pauseWhenHidden: false });
    context.notifyDraftChanged('3');

    expect(intervals).toEqual([5]);
    expect(context.refreshSettings.pauseWhenHidden).toBe(false);
    expect(drafts).toEqual(['3']);
  });
});

describe('stateLabel', () => {
  it('names known states and shows unknown ones as the server sent them', () => {
    expect(stateLabel(trans, 'changes_requested')).toBe('Changes requested');
    expect(stateLabel(trans, 'on_hold')).toBe('on_hold');
  });
});
