import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wamp } from '../../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { openSession } from './autobahn-client.js';
import { rawClient } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({
    protocols: [
      wamp({
        wampcraUsers: {
          carol: { secret: 'cra-secret', authrole: 'operator' },
          salty: { secret: 'salted', salt: 'pepper', iterations: 100, keylen: 32 },
        },
      }),
    ],
    auth: { users: [{ authid: 'joe', secret: 'ticket-secret', authrole: 'frontend' }] },
  });
});
afterAll(async () => {
  await server.close();
});

describe('WAMP authentication with autobahn', () => {
  it('[WAMP ticket] logs in with a ticket checked by the core authenticator', async () => {
    const open = await openSession(server.url, 'json', {
      authmethods: ['ticket'],
      authid: 'joe',
      onchallenge: (_session, method) => (method === 'ticket' ? 'ticket-secret' : ''),
    });
    expect(open.session.id).toBeGreaterThan(0);
    await open.close();
  });

  it('[WAMP §2.29] aborts with authentication_failed on a wrong ticket', async () => {
    const attempt = openSession(server.url, 'msgpack', {
      authmethods: ['ticket'],
      authid: 'joe',
      onchallenge: () => 'wrong',
    });
    await expect(attempt).rejects.toThrow('wamp.error.authentication_failed');
  });

  it('[WAMP wampcra] logs in with a WAMP-CRA signature', async () => {
    const open = await openSession(server.url, 'cbor', {
      authmethods: ['wampcra'],
      authid: 'carol',
      onchallenge: (_session, _method, extra) => autobahn.auth_cra.sign('cra-secret', extra.challenge as string),
    });
    expect(open.session.id).toBeGreaterThan(0);
    await open.close();
  });

  it('[WAMP wampcra] logs in with a salted (PBKDF2-derived) key', async () => {
    const open = await openSession(server.url, 'json', {
      authmethods: ['wampcra'],
      authid: 'salty',
      onchallenge: (_session, _method, extra) => {
        const key = autobahn.auth_cra.derive_key(
          'salted',
          extra.salt as string,
          extra.iterations as number,
          extra.keylen as number,
        );
        return autobahn.auth_cra.sign(key, extra.challenge as string);
      },
    });
    expect(open.session.id).toBeGreaterThan(0);
    await open.close();
  });

  it('[WAMP wampcra] aborts with authentication_failed on a bad signature', async () => {
    const attempt = openSession(server.url, 'json', {
      authmethods: ['wampcra'],
      authid: 'carol',
      onchallenge: (_session, _method, extra) => autobahn.auth_cra.sign('not-the-secret', extra.challenge as string),
    });
    await expect(attempt).rejects.toThrow('wamp.error.authentication_failed');
  });

  it('[WAMP wampcra] challenges an unknown authid like a salted user and fails it like a bad signature', async () => {
    /** The ABORT a raw client gets after signing the challenge with a wrong key. */
    const failure = async (authid: string) => {
      const client = await rawClient(server.url);
      const challenge = await client.hello('realm1', { authmethods: ['wampcra'], authid });
      expect(challenge[0]).toBe(4); // CHALLENGE, for an unknown user too
      const extra = challenge[2] as Record<string, unknown>;
      const key = autobahn.auth_cra.derive_key('guess', extra.salt as string, extra.iterations as number, 32);
      client.send([5, autobahn.auth_cra.sign(key, extra.challenge as string), {}]);
      const abort = await client.next();
      return { extra: Object.keys(extra).sort(), salt: extra.salt, abort: [abort[0], abort[1], abort[2]] };
    };
    const unknown = await failure('nobody');
    const known = await failure('salty');
    expect(unknown.extra).toEqual(known.extra);
    expect(unknown.abort).toEqual(known.abort);
    expect(unknown.abort).toEqual([3, { message: 'invalid signature' }, 'wamp.error.authentication_failed']);
    // The same unknown authid gets the same salt each time, as a real user's would.
    expect((await failure('nobody')).salt).toBe(unknown.salt);
  });

  it('[WAMP wampcra] refuses an authid named like an Object property without crashing the session', async () => {
    for (const authid of ['constructor', '__proto__', 'toString']) {
      const client = await rawClient(server.url);
      const challenge = await client.hello('realm1', { authmethods: ['wampcra'], authid });
      expect(challenge[0], authid).toBe(4);
      client.send([5, 'bogus', {}]);
      expect((await client.next())[2]).toBe('wamp.error.authentication_failed');
    }
  });

  it('[WAMP §2.29] aborts with no_matching_auth_method when no offered method is accepted', async () => {
    const client = await rawClient(server.url);
    const abort = await client.hello('realm1', { authmethods: ['cryptosign'] });
    expect([abort[0], abort[2]]).toEqual([3, 'wamp.error.no_matching_auth_method']);
  });

  it('[WAMP WELCOME] tells authid, authrole and authmethod', async () => {
    const client = await rawClient(server.url);
    client.send([1, 'realm1', { roles: { caller: {} }, authmethods: ['ticket'], authid: 'joe' }]);
    expect(await client.next()).toEqual([4, 'ticket', {}]);
    client.send([5, 'ticket-secret', {}]);
    const welcome = await client.next();
    expect(welcome[2]).toMatchObject({ authid: 'joe', authrole: 'frontend', authmethod: 'ticket' });
    client.close();
  });
});
