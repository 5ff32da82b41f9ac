import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wamp } from '../../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { type RawClient, rawClient } from './raw-client.js';

let server: StartedJunction;
let strict: StartedJunction;
const clients: RawClient[] = [];

beforeAll(async () => {
  [server, strict] = await Promise.all([
    startJunction({ protocols: [wamp({ maxSubscriptions: 2 })] }),
    startJunction({ protocols: [wamp({ strictUris: true })] }),
  ]);
});
afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([server.close(), strict.close()]);
});

async function joined(url = server.url, token = 'wamp.2.json'): Promise<RawClient> {
  const client = await rawClient(url, token);
  clients.push(client);
  expect((await client.hello())[0]).toBe(2);
  return client;
}

/** Sends a request and returns the answer. */
async function ask(client: RawClient, message: unknown[]): Promise<unknown[]> {
  client.send(message);
  return client.next();
}

async function register(callee: RawClient, procedure: string, options = {}): Promise<number> {
  const registered = await ask(callee, [64, 1, options, procedure]);
  expect(registered[0]).toBe(65);
  return registered[2] as number;
}

describe('WAMP router rules', () => {
  it('[WAMP §2.3] serves no RawSocket: a RawSocket handshake on the port is refused, the broker keeps serving', async () => {
    // RawSocket is optional (advanced/transport_rawsocket.md); Junction speaks WAMP over WebSocket only.
    const port = Number(new URL(server.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from([0x7f, 0xf1, 0, 0])));
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer.startsWith('HTTP/1.1 400')).toBe(true);
    const client = await joined();
    client.close();
  });

  it('[WAMP §2.2] translates binary between msgpack, cbor and json ("\\u0000" + base64) subscribers', async () => {
    const [json, cbor, msgpack] = await Promise.all([
      joined(server.url, 'wamp.2.json'),
      joined(server.url, 'wamp.2.cbor'),
      joined(server.url, 'wamp.2.msgpack'),
    ]);
    const texts: string[] = [];
    json.socket.on('message', (data: Buffer) => texts.push(data.toString('utf8')));
    for (const client of [json, cbor]) expect((await ask(client, [32, 1, {}, 'com.binary']))[0]).toBe(33);
    msgpack.send([16, 1, {}, 'com.binary', [Uint8Array.of(0, 1, 2)], { raw: Uint8Array.of(255) }]);
    for (const client of [json, cbor]) {
      const event = await client.next();
      expect(Uint8Array.from((event[4] as Uint8Array[])[0]!)).toEqual(Uint8Array.of(0, 1, 2));
      expect(Uint8Array.from((event[5] as { raw: Uint8Array }).raw)).toEqual(Uint8Array.of(255));
    }
    expect(texts.at(-1)).toContain('["\\u0000AAEC"],{"raw":"\\u0000/w=="}]');
  });

  it('[WAMP §2.9] answers with ids in [1, 2^53] that are numbers', async () => {
    const client = await joined();
    const subscribed = await ask(client, [32, 2 ** 53, {}, 'com.ids']);
    expect(subscribed[1]).toBe(2 ** 53);
    expect(typeof subscribed[2]).toBe('number');
    const published = await ask(client, [16, 1, { acknowledge: true }, 'com.ids']);
    expect(published[0]).toBe(17);
    expect(published[2]).toBeGreaterThanOrEqual(1);
    expect(published[2]).toBeLessThanOrEqual(2 ** 53);
  });

  it('[WAMP §2.10] gives the same subscription id to every session subscribing to the same topic', async () => {
    const [a, b] = await Promise.all([joined(), joined()]);
    const first = await ask(a, [32, 1, {}, 'com.shared.topic']);
    const second = await ask(b, [32, 1, {}, 'com.shared.topic']);
    const again = await ask(a, [32, 2, {}, 'com.shared.topic']);
    expect(second[2]).toBe(first[2]);
    expect(again[2]).toBe(first[2]);
  });

  it('[WAMP §2.11] numbers INVOCATIONs per callee session, from 1 up', async () => {
    const [callee, caller] = await Promise.all([joined(), joined()]);
    await register(callee, 'com.seq.a');
    await register(callee, 'com.seq.b');
    caller.send([48, 1, {}, 'com.seq.a']);
    caller.send([48, 2, {}, 'com.seq.b']);
    caller.send([48, 3, {}, 'com.seq.a']);
    const ids = [(await callee.next())[1], (await callee.next())[1], (await callee.next())[1]];
    expect(ids).toEqual([1, 2, 3]);
  });

  it('[WAMP §2.12] refuses invalid URIs with wamp.error.invalid_uri', async () => {
    const client = await joined();
    expect(await ask(client, [32, 1, {}, 'com..bad'])).toEqual([
      8,
      32,
      1,
      {},
      'wamp.error.invalid_uri',
      ['invalid topic com..bad'],
    ]);
    expect((await ask(client, [64, 2, {}, 'com.bad uri']))[4]).toBe('wamp.error.invalid_uri');
    expect((await ask(client, [48, 3, {}, 'com.#']))[4]).toBe('wamp.error.invalid_uri');
    // Patterns may have empty components.
    expect((await ask(client, [32, 4, { match: 'wildcard' }, 'com..ok']))[0]).toBe(33);
  });

  it('[WAMP §2.12] applies the strict URI rules when configured', async () => {
    const client = await joined(strict.url);
    expect((await ask(client, [32, 1, {}, 'com.Upper']))[4]).toBe('wamp.error.invalid_uri');
    expect((await ask(client, [32, 2, {}, 'com.lower_ok']))[0]).toBe(33);
  });

  it('[WAMP §2.13] refuses to register or publish under the reserved wamp. prefix', async () => {
    const client = await joined();
    expect((await ask(client, [64, 1, {}, 'wamp.my.proc']))[4]).toBe('wamp.error.invalid_uri');
    expect((await ask(client, [16, 2, { acknowledge: true }, 'wamp.my.topic']))[4]).toBe('wamp.error.invalid_uri');
  });

  it('[WAMP §2.20] answers a bad UNREGISTER with no_such_registration and a bad UNSUBSCRIBE with no_such_subscription', async () => {
    const client = await joined();
    expect(await ask(client, [66, 1, 424242])).toEqual([8, 66, 1, {}, 'wamp.error.no_such_registration']);
    expect(await ask(client, [34, 2, 424242])).toEqual([8, 34, 2, {}, 'wamp.error.no_such_subscription']);
  });

  it('[WAMP §2.21] interrupts a callee with killnowait semantics when its caller leaves', async () => {
    const [callee, caller] = await Promise.all([joined(), joined()]);
    await register(callee, 'com.caller.leaves');
    caller.send([48, 1, {}, 'com.caller.leaves']);
    const invocation = await callee.next();
    caller.close();
    expect(await callee.next()).toEqual([69, invocation[1], { mode: 'killnowait', reason: 'wamp.error.canceled' }]);
    // A late answer is ignored, not a violation: the callee stays joined.
    callee.send([70, invocation[1], {}, ['late']]);
    expect((await ask(callee, [32, 9, {}, 'com.still.alive']))[0]).toBe(33);
  });

  it('[WAMP §2.23] sends progress only to a caller that asked for it', async () => {
    const [callee, caller] = await Promise.all([joined(), joined()]);
    await register(callee, 'com.progress');
    caller.send([48, 1, {}, 'com.progress']);
    const plain = await callee.next();
    expect(plain[3]).toEqual({});
    callee.send([70, plain[1], { progress: true }, ['dropped']]);
    callee.send([70, plain[1], {}, ['final']]);
    expect(await caller.next()).toEqual([50, 1, {}, ['final']]);
    caller.send([48, 2, { receive_progress: true }, 'com.progress']);
    const asked = await callee.next();
    expect(asked[3]).toEqual({ receive_progress: true });
    callee.send([70, asked[1], { progress: true }, ['partial']]);
    callee.send([70, asked[1], {}, ['final']]);
    expect(await caller.next()).toEqual([50, 2, { progress: true }, ['partial']]);
    expect(await caller.next()).toEqual([50, 2, {}, ['final']]);
  });

  it("[WAMP §2.24] cancels in kill mode: INTERRUPT, then the callee's answer becomes canceled", async () => {
    const [callee, caller] = await Promise.all([joined(), joined()]);
    await register(callee, 'com.cancel.kill');
    caller.send([48, 1, {}, 'com.cancel.kill']);
    const invocation = await callee.next();
    caller.send([49, 1, { mode: 'kill' }]);
    expect(await callee.next()).toEqual([69, invocation[1], { mode: 'kill', reason: 'wamp.error.canceled' }]);
    callee.send([8, 68, invocation[1], {}, 'wamp.error.canceled']);
    expect((await caller.next()).slice(0, 5)).toEqual([8, 48, 1, {}, 'wamp.error.canceled']);
  });

  it('[WAMP §2.24] cancels in skip mode without interrupting the callee', async () => {
    const [callee, caller] = await Promise.all([joined(), joined()]);
    await register(callee, 'com.cancel.skip');
    caller.send([48, 1, {}, 'com.cancel.skip']);
    const invocation = await callee.next();
    caller.send([49, 1, { mode: 'skip' }]);
    expect((await caller.next()).slice(0, 5)).toEqual([8, 48, 1, {}, 'wamp.error.canceled']);
    await expect(callee.next(200)).rejects.toThrow('no message');
    callee.send([70, invocation[1], {}, ['ignored']]);
    await expect(caller.next(200)).rejects.toThrow('no message');
  });

  it('[WAMP §2.25] times out a call with wamp.error.timeout and interrupts the callee', async () => {
    const [callee, caller] = await Promise.all([joined(), joined()]);
    await register(callee, 'com.timeout');
    caller.send([48, 1, { timeout: 50 }, 'com.timeout']);
    const invocation = await callee.next();
    expect((await caller.next()).slice(0, 5)).toEqual([8, 48, 1, {}, 'wamp.error.timeout']);
    expect(await callee.next()).toEqual([69, invocation[1], { mode: 'killnowait', reason: 'wamp.error.timeout' }]);
  });

  it('[WAMP §2.26] refuses a second callee on a single registration and a mismatched policy', async () => {
    const [a, b] = await Promise.all([joined(), joined()]);
    await register(a, 'com.single');
    expect((await ask(b, [64, 1, { invoke: 'roundrobin' }, 'com.single']))[4]).toBe(
      'wamp.error.procedure_already_exists',
    );
    await register(a, 'com.rr', { invoke: 'roundrobin' });
    expect((await ask(b, [64, 2, { invoke: 'random' }, 'com.rr']))[4]).toBe('wamp.error.procedure_already_exists');
    expect((await ask(b, [64, 3, { invoke: 'roundrobin' }, 'com.rr']))[0]).toBe(65);
  });

  it('[WAMP §2.28] stays silent about a failed unacknowledged publish', async () => {
    const client = await joined();
    client.send([16, 1, {}, 'com..bad']);
    await expect(client.next(200)).rejects.toThrow('no message');
  });

  it('[WAMP §2.30] aborts with protocol_violation on a progressive CALL, which the router does not announce', async () => {
    const client = await joined();
    client.send([48, 1, { progress: true }, 'com.progressive.invocation']);
    expect((await client.next())[2]).toBe('wamp.error.protocol_violation');
  });

  it('[WAMP limits] refuses subscriptions beyond the per-session limit and leaves others unaffected', async () => {
    const [client, other] = await Promise.all([joined(), joined()]);
    expect((await ask(client, [32, 1, {}, 'com.limit.a']))[0]).toBe(33);
    expect((await ask(client, [32, 2, {}, 'com.limit.b']))[0]).toBe(33);
    expect((await ask(client, [32, 3, {}, 'com.limit.c']))[4]).toBe('junction.error.limit_exceeded');
    expect((await ask(other, [32, 1, {}, 'com.limit.c']))[0]).toBe(33);
  });

  it('[WAMP options] answers a wrongly typed option with invalid_argument (ints are not bools)', async () => {
    const client = await joined();
    expect((await ask(client, [48, 1, { receive_progress: 1 }, 'com.any']))[4]).toBe('wamp.error.invalid_argument');
    expect((await ask(client, [32, 2, { match: 'regex' }, 'com.any']))[4]).toBe('wamp.error.invalid_argument');
  });
});
