import { describe, expect, it } from 'vitest';
import { createStaticAuthenticator, hashSecret } from '../../src/auth/static-authenticator.js';
import { AuthenticationError } from '../../src/errors/table.js';
import type { AuthRequest } from '../../src/plugin/types.js';

const handshake = { url: new URL('ws://localhost/'), headers: {}, remoteAddress: '127.0.0.1' };
const request = (fields: Partial<AuthRequest>): AuthRequest => ({
  protocol: 'stomp',
  realm: 'realm1',
  method: 'password',
  handshake,
  ...fields,
});

describe('createStaticAuthenticator', () => {
  it('lets anonymous clients in by default, under an authid the broker assigns', async () => {
    const authenticate = createStaticAuthenticator();
    expect(await authenticate(request({ method: 'anonymous' }))).toEqual({
      authid: expect.stringMatching(/^anonymous-[0-9a-f]{12}$/),
      authrole: 'anonymous',
    });
  });

  it('ignores the authid an anonymous client claims (issue 11: identity comes only from authentication)', async () => {
    const authenticate = createStaticAuthenticator({ users: [{ authid: 'alice', secret: 's3cret' }] });
    const identity = await authenticate(request({ method: 'anonymous', authid: 'alice', secret: undefined }));
    expect(identity.authid).not.toBe('alice');
    expect(identity.authrole).toBe('anonymous');
  });

  it('refuses anonymous clients when allowAnonymous is false', async () => {
    const authenticate = createStaticAuthenticator({ allowAnonymous: false });
    await expect(authenticate(request({ method: 'anonymous' }))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('accepts a user whose secret matches its scrypt hash, with its role', async () => {
    const authenticate = createStaticAuthenticator({
      users: [{ authid: 'alice', secret: hashSecret('s3cret'), authrole: 'admin' }],
    });
    expect(await authenticate(request({ authid: 'alice', secret: 's3cret' }))).toEqual({
      authid: 'alice',
      authrole: 'admin',
    });
    await expect(authenticate(request({ authid: 'alice', secret: 'wrong' }))).rejects.toThrow('invalid credentials');
    await expect(authenticate(request({ authid: 'bob', secret: 's3cret' }))).rejects.toThrow('invalid credentials');
  });

  it('hashes plain secrets from the options and never stores them', async () => {
    expect(hashSecret('x')).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hashSecret('x')).not.toBe(hashSecret('x'));
    const authenticate = createStaticAuthenticator({ users: [{ authid: 'carol', secret: 'plain' }] });
    expect(await authenticate(request({ authid: 'carol', secret: 'plain' }))).toEqual({
      authid: 'carol',
      authrole: 'user',
    });
  });

  it('accepts bearer tokens by SHA-256 and refuses unknown ones', async () => {
    const authenticate = createStaticAuthenticator({
      tokens: [{ sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', authid: 'svc' }],
    });
    expect(await authenticate(request({ method: 'token', secret: 'test' }))).toEqual({
      authid: 'svc',
      authrole: 'user',
    });
    await expect(authenticate(request({ method: 'token', secret: 'nope' }))).rejects.toThrow('invalid token');
  });
});

describe('createStaticAuthenticator against probing', () => {
  /**
   * The CPU time one failed attempt costs this process (scrypt runs on libuv's pool, whose threads
   * count too), in µs. CPU time, not wall time: a machine busy with other work delays an attempt
   * but does not make it cost more, so the measure stays the work the prober could time.
   */
  async function failureTime(attempt: () => Promise<unknown>): Promise<number> {
    const started = process.cpuUsage();
    await attempt().catch(() => {});
    const used = process.cpuUsage(started);
    return used.user + used.system;
  }

  it('takes as long to refuse an unknown user as a wrong password (within 20 %)', async () => {
    const authenticate = createStaticAuthenticator({ users: [{ authid: 'alice', secret: 'right' }] });
    const unknown = () => authenticate(request({ authid: 'nobody', secret: 'guess' }));
    const wrong = () => authenticate(request({ authid: 'alice', secret: 'guess' }));
    await failureTime(wrong); // warm up the scrypt pool
    // Interleaved attempts, each side's cheapest compared: the minimums measure the work itself.
    let fastestUnknown = Number.POSITIVE_INFINITY;
    let fastestWrong = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 12; round++) {
      fastestUnknown = Math.min(fastestUnknown, await failureTime(unknown));
      fastestWrong = Math.min(fastestWrong, await failureTime(wrong));
    }
    const ratio = fastestUnknown / fastestWrong;
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.2);
  });

  it('refuses a user named like an Object property without trouble', async () => {
    const authenticate = createStaticAuthenticator({ users: [{ authid: 'alice', secret: 'right' }] });
    for (const authid of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      await expect(authenticate(request({ authid, secret: 'x' }))).rejects.toBeInstanceOf(AuthenticationError);
    }
  });
});
