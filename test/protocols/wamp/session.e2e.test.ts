import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { wamp } from '../../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { CLIENT_ROLES, type RawClient, rawClient } from './raw-client.js';

let server: StartedJunction;
let strict: StartedJunction;
const clients: RawClient[] = [];

beforeAll(async () => {
  [server, strict] = await Promise.all([
    startJunction({ protocols: [wamp()] }),
    startJunction({ protocols: [wamp({ strictUris: true })], realms: ['realm1', 'known'] }),
  ]);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([server.close(), strict.close()]);
});

async function connect(token = 'wamp.2.json', url = server.url): Promise<RawClient> {
  const client = await rawClient(url, token);
  clients.push(client);
  return client;
}

async function joined(token = 'wamp.2.json'): Promise<RawClient> {
  const client = await connect(token);
  expect((await client.hello())[0]).toBe(2);
  return client;
}

/** Expects ABORT with protocol_violation, then the transport dropped. */
async function expectViolation(client: RawClient): Promise<void> {
  const abort = await client.next();
  expect(abort[0]).toBe(3);
  expect(abort[2]).toBe('wamp.error.protocol_violation');
  expect(await client.closed()).toBeGreaterThanOrEqual(1000);
}

describe('WAMP session lifecycle', () => {
  it("[WAMP §2.1] negotiates the client's first offered WAMP serializer", async () => {
    const socket = new WebSocket(server.url, ['wamp.2.cbor', 'wamp.2.json']);
    await new Promise((resolve) => socket.once('open', resolve));
    expect(socket.protocol).toBe('wamp.2.cbor');
    socket.close();
  });

  it('[WAMP §2.1] aborts with protocol_violation when wamp.2.json gets a binary frame', async () => {
    const client = await connect();
    client.sendRaw(new TextEncoder().encode('[1,"realm1",{"roles":{"caller":{}}}]'));
    await expectViolation(client);
  });

  for (const token of ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor']) {
    it(`[WAMP §2.18] aborts with protocol_violation on undecodable ${token} input`, async () => {
      const client = await connect(token);
      client.sendRaw(token === 'wamp.2.json' ? '[1, "realm1", {' : Uint8Array.of(0xc1, 0xff, 0x00));
      await expectViolation(client);
    });
  }

  it('[WAMP §2.10] gives the session a global id in [1, 2^53] and the realm in WELCOME', async () => {
    const client = await connect('wamp.2.msgpack');
    const welcome = await client.hello('realm1');
    expect(Number.isSafeInteger(welcome[1]) || welcome[1] === 2 ** 53).toBe(true);
    expect(welcome[1]).toBeGreaterThanOrEqual(1);
    expect(welcome[2]).toMatchObject({
      realm: 'realm1',
      authid: expect.stringMatching(/^anonymous-/),
      authrole: 'anonymous',
      authmethod: 'anonymous',
    });
  });

  it('[WAMP §2.15] announces broker and dealer roles with their features', async () => {
    const client = await connect();
    const details = (await client.hello())[2] as { roles: Record<string, { features: Record<string, boolean> }> };
    expect(details.roles.broker?.features).toMatchObject({
      pattern_based_subscription: true,
      publisher_exclusion: true,
    });
    expect(details.roles.dealer?.features).toMatchObject({ progressive_call_results: true, call_canceling: true });
  });

  it('[WAMP §2.15] aborts with protocol_violation when HELLO announces no client role', async () => {
    const client = await connect();
    client.send([1, 'realm1', { roles: { broker: {} } }]);
    await expectViolation(client);
  });

  it('[WAMP §2.14] aborts with protocol_violation when the first message is not HELLO', async () => {
    const client = await connect();
    client.send([32, 1, {}, 'com.topic']);
    await expectViolation(client);
  });

  it('[WAMP §2.18] aborts with protocol_violation on a second HELLO', async () => {
    const client = await joined();
    client.send([1, 'realm1', { roles: CLIENT_ROLES }]);
    await expectViolation(client);
  });

  it('[WAMP §2.18] aborts with protocol_violation on WELCOME or CHALLENGE from a client', async () => {
    const a = await joined();
    a.send([2, 1, {}]);
    await expectViolation(a);
    const b = await joined();
    b.send([4, 'ticket', {}]);
    await expectViolation(b);
  });

  it('[WAMP §2.18] aborts with protocol_violation on GOODBYE or ERROR before the session', async () => {
    const a = await connect();
    a.send([6, {}, 'wamp.close.normal']);
    await expectViolation(a);
    const b = await connect();
    b.send([8, 68, 1, {}, 'com.error']);
    await expectViolation(b);
  });

  it('[WAMP §2.18] aborts with protocol_violation on an ERROR with a bad request type', async () => {
    const client = await joined();
    client.send([8, 48, 1, {}, 'com.error']);
    await expectViolation(client);
  });

  it('[WAMP §2.18] aborts with protocol_violation on a YIELD for an unknown invocation', async () => {
    const client = await joined();
    client.send([70, 99, {}]);
    await expectViolation(client);
  });

  it('[WAMP §2.18] aborts with protocol_violation on an empty array or an unknown type code', async () => {
    const a = await joined();
    a.send([]);
    await expectViolation(a);
    const b = await joined();
    b.send([1000, 1, {}]);
    await expectViolation(b);
  });

  it('[WAMP §2.18] releases the registrations of a session aborted for a violation', async () => {
    const offender = await joined();
    offender.send([64, 1, {}, 'com.violation.proc']);
    expect((await offender.next())[0]).toBe(65);
    offender.send([70, 12345, {}]);
    await expectViolation(offender);
    const other = await joined();
    other.send([64, 1, {}, 'com.violation.proc']);
    expect((await other.next())[0]).toBe(65);
  });

  it('[WAMP §2.16] aborts with no_such_realm for an unknown realm in strict mode', async () => {
    const client = await connect('wamp.2.json', strict.url);
    const abort = await client.hello('unknown.realm');
    expect(abort.slice(0, 1).concat(abort.slice(2))).toEqual([3, 'wamp.error.no_such_realm']);
    const ok = await connect('wamp.2.json', strict.url);
    expect((await ok.hello('known'))[0]).toBe(2);
  });

  it('[WAMP §2.17] answers GOODBYE with goodbye_and_out and closes', async () => {
    const client = await joined();
    client.send([6, {}, 'wamp.close.close_realm']);
    expect(await client.next()).toEqual([6, {}, 'wamp.close.goodbye_and_out']);
    expect(await client.closed()).toBe(1000);
  });

  it('[WAMP §2.17] says GOODBYE system_shutdown when the broker shuts down', async () => {
    const own = await startJunction({ protocols: [wamp()] });
    const client = await rawClient(own.url);
    await client.hello();
    const closing = own.close();
    const goodbye = await client.next();
    expect(goodbye[0]).toBe(6);
    expect(goodbye[2]).toBe('wamp.close.system_shutdown');
    client.send([6, {}, 'wamp.close.goodbye_and_out']);
    await closing;
  });

  it('[WAMP §2.19] releases subscriptions and registrations when the transport closes', async () => {
    const first = await joined();
    first.send([64, 1, {}, 'com.lifecycle.proc']);
    expect((await first.next())[0]).toBe(65);
    first.close();
    await first.closed();
    const second = await joined();
    second.send([64, 1, {}, 'com.lifecycle.proc']);
    expect((await second.next())[0]).toBe(65);
  });
});
