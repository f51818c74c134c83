import { serviceOf } from '../service';
import { statusText } from '../ui/status';
import { draft } from './fixtures';
import { failureSentence, meBody, SERVICE_URL } from './fakeServer';
import { trans } from './render';

const SERVICE = serviceOf(meBody({ service: { url: SERVICE_URL } }));

describe('statusText', () => {
  it('names the service of a connected Lab in the tooltip', () => {
    const { text, title } = statusText(
      trans,
      draft({ title: 'Hello', state: 'approved', revision: 2 }),
      SERVICE
    );

    expect(text).toBe('Post: Approved');
    expect(title.split('\n')).toEqual([
      'Draft “Hello”, revision 2: open its review',
      `Connected to the JMS service at ${SERVICE_URL}`
    ]);
  });

  it('says nothing about a service on a personal server', () => {
    const { title } = statusText(trans, null, null);

    expect(title).toBe('Submit this notebook for review');
  });

  it('keeps the state last shown and gives the sentence of a failed lookup', () => {
    const { text, title } = statusText(
      trans,
      draft({ state: 'submitted' }),
      SERVICE,
      failureSentence(502)
    );

    expect(text).toBe('Post: Submitted');
    expect(title).toContain(`Could not refresh: ${failureSentence(502)}`);
  });

  it('says the state is unknown, and why, when the first lookup failed', () => {
    const { text, title } = statusText(
      trans,
      undefined,
      null,
      failureSentence(401)
    );

    expect(text).toBe('Post: unknown');
    expect(title).toContain(failureSentence(401));
  });
});
