import { describe, expect, it } from 'vitest';
import { throttleFailures } from '../../src/auth/throttle.js';
import { AuthenticationError } from '../../src/errors/index.js';
import type { Authenticator, AuthRequest } from '../../src/plugin/types.js';

const refuseAll: Authenticator = async () => {
  throw new AuthenticationError('invalid credentials');
};

function attempt(from: string): AuthRequest {
  return {
    protocol: 'stomp',
    realm: 'realm1',
    authid: 'mallory',
    secret: 'guess',
    method: 'password',
    handshake: { url: new URL('ws://broker/'), headers: {}, remoteAddress: from },
  };
}

/** How long one failed attempt took, in ms. */
async function timed(authenticate: Authenticator, from: string): Promise<number> {
  const started = performance.now();
  await expect(authenticate(attempt(from))).rejects.toBeInstanceOf(AuthenticationError);
  return performance.now() - started;
}

describe('login throttling per remote address', () => {
  it('delays attempts once an address is over its failures per minute, doubling each time, and counts them', async () => {
    const events: string[] = [];
    const authenticate = throttleFailures(refuseAll, {
      failuresPerMinute: 2,
      delay: 60,
      onEvent: (event) => void events.push(event),
    });
    await timed(authenticate, '10.0.0.1');
    await timed(authenticate, '10.0.0.1');
    // Lower bounds only: a loaded machine may be slower, never faster.
    expect(await timed(authenticate, '10.0.0.1')).toBeGreaterThanOrEqual(55);
    expect(await timed(authenticate, '10.0.0.1')).toBeGreaterThanOrEqual(115);
    expect(events.filter((event) => event === 'auth_failure')).toHaveLength(4);
    expect(events.filter((event) => event === 'auth_throttled')).toHaveLength(2);
  });

  it('does not slow down another address, or a correct login under the limit', async () => {
    const events: string[] = [];
    const authenticate = throttleFailures(refuseAll, {
      failuresPerMinute: 1,
      delay: 5000,
      onEvent: (e) => void events.push(e),
    });
    await timed(authenticate, '10.0.0.1');
    await timed(authenticate, '10.0.0.2');
    expect(events).toEqual(['auth_failure', 'auth_failure']);
  });

  it('passes identities through and counts nothing for a successful login', async () => {
    const events: string[] = [];
    const accept: Authenticator = async (request) => ({ authid: request.authid ?? '', authrole: 'user' });
    const authenticate = throttleFailures(accept, {
      failuresPerMinute: 0,
      delay: 1,
      onEvent: (e) => void events.push(e),
    });
    await expect(authenticate(attempt('10.0.0.3'))).resolves.toEqual({ authid: 'mallory', authrole: 'user' });
    expect(events).toEqual([]);
  });
});
