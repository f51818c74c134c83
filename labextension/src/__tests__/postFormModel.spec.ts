import { formFromMetadata } from '../postForm';
import { PostFormModel } from '../postFormModel';
import type { IPostCheck, IPostMetadata } from '../types/publishing';

/**
 * A check whose answers the test releases one by one.
 */
function deferredCheck() {
  const calls: { metadata: IPostMetadata; answer: (r: IPostCheck) => void }[] =
    [];
  const check = (metadata: IPostMetadata) =>
    new Promise<IPostCheck>(resolve =>
      calls.push({ metadata, answer: resolve })
    );
  return { calls, check };
}

const VALID: IPostCheck = { valid: true, errors: [], counts: [] };

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}

describe('PostFormModel', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('checks once after typing stops, with the latest values', async () => {
    const { calls, check } = deferredCheck();
    const model = new PostFormModel({
      form: formFromMetadata({}, 'eve'),
      check,
      delay: 300
    });

    model.update({ title: 'J' });
    model.update({ title: 'Ju' });
    model.update({ title: 'Jupyter' });
    expect(model.checking).toBe(true);
    // The debouncer schedules its timer from a promise callback.
    await settle();
    jest.advanceTimersByTime(299);
    await settle();
    expect(calls).toHaveLength(0);
    jest.advanceTimersByTime(1);
    await settle();

    expect(calls).toHaveLength(1);
    expect(calls[0].metadata.title).toBe('Jupyter');
    model.dispose();
  });

  it('shows the server errors and counts of the last check', async () => {
    const { calls, check } = deferredCheck();
    const model = new PostFormModel({
      form: formFromMetadata({}, 'eve'),
      check
    });
    let changes = 0;
    model.changed.connect(() => changes++);

    const done = model.checkNow();
    calls[0].answer({
      valid: false,
      errors: [{ field: 'metadata.jms.title', message: 'required' }],
      counts: [
        {
          channel: 'mastodon',
          platform: 'mastodon',
          count: 12,
          limit: 500,
          over: false
        }
      ]
    });
    await done;

    expect(model.errors).toEqual({ title: ['required'] });
    expect(model.errorCount).toBe(1);
    expect(model.counts[0].count).toBe(12);
    expect(model.checking).toBe(false);
    expect(model.checked).toBe(true);
    expect(changes).toBeGreaterThan(0);
    model.dispose();
  });

  it('drops the answer to a check that a later edit overtook', async () => {
    const { calls, check } = deferredCheck();
    const model = new PostFormModel({
      form: formFromMetadata({}, 'eve'),
      check
    });

    const first = model.checkNow();
    const second = model.checkNow();
    calls[1].answer(VALID);
    await second;
    calls[0].answer({
      valid: false,
      errors: [{ field: 'metadata.jms.title', message: 'stale' }],
      counts: []
    });
    await first;

    expect(model.errorCount).toBe(0);
    model.dispose();
  });

  it('says why it could not check, and keeps the errors of a refused submission', async () => {
    const model = new PostFormModel({
      form: formFromMetadata({ title: 'T' }, 'eve'),
      check: () => Promise.reject(new Error('server down')),
      errors: [{ field: 'metadata.jms.channels.0', message: 'unknown channel' }]
    });

    expect(model.errors).toEqual({ channels: ['unknown channel'] });
    await model.checkNow();

    expect(model.checkError).toBe('server down');
    expect(model.errors).toEqual({ channels: ['unknown channel'] });
    model.dispose();
  });

  it('gives the metadata the form describes, keeping other keys', () => {
    const model = new PostFormModel({
      form: formFromMetadata({ title: 'Old', extra: true }, 'eve'),
      base: { title: 'Old', extra: true },
      check: () => Promise.resolve(VALID)
    });

    model.update({ title: 'New' });

    expect(model.metadata).toMatchObject({ title: 'New', extra: true });
    model.dispose();
  });
});
