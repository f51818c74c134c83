import { Refresher } from '../refresh';

/**
 * A page whose visibility the test decides.
 */
class FakeDocument extends EventTarget {
  hidden = false;

  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

function setup(
  options: {
    active?: () => boolean;
    fail?: () => boolean;
    interval?: number;
    pauseWhenHidden?: boolean;
  } = {}
) {
  const doc = new FakeDocument();
  const calls: number[] = [];
  let release: (() => void) | null = null;
  const refresher = new Refresher({
    refresh: () => {
      calls.push(Date.now());
      return new Promise<void>((resolve, reject) => {
        release = () =>
          options.fail?.() ? reject(new Error('down')) : resolve();
      });
    },
    isActive: options.active ?? (() => true),
    settings: {
      refreshInterval: options.interval ?? 10,
      pauseWhenHidden: options.pauseWhenHidden ?? true
    },
    document: doc as unknown as Document
  });
  const finish = async () => {
    release?.();
    release = null;
    // Let the refresh's promise chain settle.
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { doc, calls, refresher, finish };
}

describe('Refresher', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('refreshes once per interval', async () => {
    const { calls, refresher, finish } = setup({ interval: 10 });

    jest.advanceTimersByTime(9_999);
    expect(calls).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(calls).toHaveLength(1);
    await finish();
    jest.advanceTimersByTime(10_000);
    expect(calls).toHaveLength(2);
    refresher.dispose();
  });

  it('joins a refresh under way instead of sending another request', async () => {
    const { calls, refresher, finish } = setup();

    const first = refresher.refresh();
    const second = refresher.refresh();
    refresher.refresh();

    expect(second).toBe(first);
    expect(calls).toHaveLength(1);
    await finish();
    refresher.dispose();
  });

  it('skips ticks while the panel is inactive and catches up once when woken', async () => {
    let active = false;
    const { calls, refresher, finish } = setup({ active: () => active });

    jest.advanceTimersByTime(60_000);
    expect(calls).toHaveLength(0);

    active = true;
    refresher.wake();
    refresher.wake();
    expect(calls).toHaveLength(1);
    await finish();
    refresher.dispose();
  });

  it('pauses while the tab is hidden and refreshes when it shows again', async () => {
    const { doc, calls, refresher, finish } = setup();

    doc.setHidden(true);
    jest.advanceTimersByTime(30_000);
    expect(calls).toHaveLength(0);

    doc.setHidden(false);
    expect(calls).toHaveLength(1);
    await finish();
    refresher.dispose();
  });

  it('keeps refreshing a hidden tab when told not to pause', () => {
    const { doc, calls, refresher } = setup({ pauseWhenHidden: false });

    doc.setHidden(true);
    jest.advanceTimersByTime(10_000);

    expect(calls).toHaveLength(1);
    refresher.dispose();
  });

  it('waits twice as long after each failure, up to eight intervals', async () => {
    const { calls, refresher, finish } = setup({
      fail: () => true,
      interval: 10
    });
    const waits: number[] = [];

    for (let i = 0; i < 5; i++) {
      const before = calls.length;
      let waited = 0;
      while (calls.length === before) {
        jest.advanceTimersByTime(1_000);
        waited += 1_000;
      }
      waits.push(waited);
      await finish();
    }

    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 80_000]);
    expect(refresher.failures).toBe(5);
    refresher.dispose();
  });

  it('returns to the plain interval after a success', async () => {
    let failing = true;
    const { refresher, finish } = setup({ fail: () => failing });

    void refresher.refresh();
    await finish();
    expect(refresher.delay).toBe(20_000);

    failing = false;
    void refresher.refresh();
    await finish();
    expect(refresher.delay).toBe(10_000);
    refresher.dispose();
  });

  it('uses a new interval from the next tick on', () => {
    const { calls, refresher } = setup({ interval: 60 });

    refresher.configure({ refreshInterval: 5, pauseWhenHidden: true });
    jest.advanceTimersByTime(5_000);

    expect(calls).toHaveLength(1);
    refresher.dispose();
  });

  it('stops for good once disposed', () => {
    const { doc, calls, refresher } = setup();

    refresher.dispose();
    jest.advanceTimersByTime(100_000);
    doc.setHidden(false);
    void refresher.refresh();

    expect(calls).toHaveLength(0);
  });
});
