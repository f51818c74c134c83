import { JmsRequestError } from '../api';
import {
  failureStatus,
  failureText,
  isServiceFailure,
  serviceOf
} from '../service';
import { meBody, SERVICE_FAILURES } from './fakeServer';

describe('serviceOf', () => {
  it('is null on a personal server, whose `me` names no service', () => {
    expect(serviceOf(meBody())).toBeNull();
    expect(serviceOf(null)).toBeNull();
  });

  it('names the host (with its port) and keeps the full URL', () => {
    const info = serviceOf(
      meBody({ service: { url: 'https://jms.example.org:8443/base/' } })
    );
    expect(info).toEqual({
      url: 'https://jms.example.org:8443/base/',
      host: 'jms.example.org:8443'
    });
    expect(
      serviceOf(meBody({ service: { url: 'http://jms.example.org/' } }))?.host
    ).toBe('jms.example.org');
  });

  it('shows a URL it cannot parse as it is', () => {
    expect(serviceOf(meBody({ service: { url: 'jms-host' } }))?.host).toBe(
      'jms-host'
    );
  });
});

describe('failureText and failureStatus', () => {
  it('give the server sentence and status of a refused request', () => {
    const error = new JmsRequestError(504, 'The JMS service at X is slow.');
    expect(failureText(error)).toBe('The JMS service at X is slow.');
    expect(failureStatus(error)).toBe(504);
  });

  it('have no status for a failure the server did not answer', () => {
    expect(failureStatus(new TypeError('Failed to fetch'))).toBeNull();
    expect(failureText('plain')).toBe('plain');
  });
});

describe('isServiceFailure', () => {
  it.each([401, 502, 504])(
    'knows the forwarder’s %i as the service failing',
    status => {
      const [code, body] = SERVICE_FAILURES[status] as [
        number,
        { message: string; reason: string }
      ];
      expect(
        isServiceFailure(new JmsRequestError(code, body.message, body.reason))
      ).toBe(true);
    }
  );

  it('does not take the server’s own refusals for one', () => {
    expect(isServiceFailure(new JmsRequestError(401, 'Unauthorized'))).toBe(
      false
    );
    expect(
      isServiceFailure(new JmsRequestError(404, 'Not found', 'not_found'))
    ).toBe(false);
    expect(isServiceFailure(new Error('boom'))).toBe(false);
  });
});
