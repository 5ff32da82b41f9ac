/**
 * `limits.maxDepth` over real sockets: a message nested 5,000 levels deep is refused in the
 * sender's own protocol (WAMP ABORT, JSON-RPC -32600, STOMP ERROR), never with 1011, and every
 * other session goes on. A payload that gets in (a raised limit) but cannot be rendered for its
 * receivers costs a bounded number of log lines, not one per receiver.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { type JsonRpcPeer, jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { captureLogs, LEVEL, type LogLine } from '../helpers/log-capture.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { messages, openClient } from '../helpers/ws-client.js';
import { bodyText, frame, connectedClient as stompClient } from '../protocols/stomp/raw-client.js';
import { type RawClient, rawClient } from '../protocols/wamp/raw-client.js';

const DEPTH = 5000;
const TOPIC = 'com.deep';
const deepJson = (depth = DEPTH) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** PUBLISH [16, request, {acknowledge}, TOPIC, [deep]] written by hand: encoders would overflow on it. */
function deepPublish(token: string, request: number, depth = DEPTH): string | Uint8Array {
  const topic = [...new TextEncoder().encode(TOPIC)];
  if (token === 'wamp.2.json') return `[16,${request},{"acknowledge":true},"${TOPIC}",[${deepJson(depth)}]]`;
  const acknowledge = [...new TextEncoder().encode('acknowledge')];
  if (token === 'wamp.2.msgpack') {
    const head = [0x95, 0x10, request, 0x81, 0xab, ...acknowledge, 0xc3, 0xa0 | topic.length, ...topic, 0x91];
    return Uint8Array.from([...head, ...new Array<number>(depth).fill(0x91), 0xc0]);
  }
  const head = [0x85, 0x10, request, 0xa1, 0x6b, ...acknowledge, 0xf5, 0x60 | topic.length, ...topic, 0x81];
  return Uint8Array.from([...head, ...new Array<number>(depth).fill(0x81), 0xf6]);
}

let server: StartedJunction | undefined;
const sockets: { close(): void }[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.close();
  server = undefined;
});

async function start(maxDepth?: number): Promise<LogLine[]> {
  const { logger, lines } = captureLogs();
  server = await startJunction({
    protocols: [stomp(), wamp(), jsonrpc()],
    logger,
    ...(maxDepth !== undefined && { limits: { maxDepth } }),
  });
  return lines;
}

async function wampSession(token = 'wamp.2.json'): Promise<RawClient> {
  const client = await rawClient(server!.url, token);
  sockets.push(client);
  expect((await client.hello())[0]).toBe(2);
  return client;
}

async function wampSubscriber(token: string): Promise<RawClient> {
  const client = await wampSession(token);
  client.send([32, 1, {}, TOPIC]);
  expect((await client.next())[0]).toBe(33);
  return client;
}

async function jsonRpcSubscriber(): Promise<JsonRpcPeer> {
  const peer = await jsonRpcPeer(server!.url);
  sockets.push(peer);
  expect((await peer.request('subscribe', [TOPIC])).result).toEqual(expect.any(Number));
  return peer;
}

/** Lines at warn or above: what an operator's log shows. */
const loud = (lines: LogLine[]) => lines.filter((line) => line.level >= LEVEL.warn);

describe('limits.maxDepth', () => {
  for (const token of ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor']) {
    it(`[${token}] a message nested ${DEPTH} levels gets ABORT protocol_violation and close 1009, not 1011; other sessions go on`, async () => {
      const lines = await start();
      const subscriber = await wampSubscriber(token);
      const publisher = await wampSession(token);
      publisher.sendRaw(deepPublish(token, 1));
      expect(await publisher.next()).toEqual([
        3,
        { message: 'message nested deeper than 64 levels' },
        'wamp.error.protocol_violation',
      ]);
      expect(await publisher.closed()).toBe(1009);
      // The subscriber never got the deep event, and its session still works.
      const other = await wampSession(token);
      other.send([16, 2, { acknowledge: true }, TOPIC, ['after']]);
      expect((await other.next())[0]).toBe(17);
      expect(await subscriber.next()).toEqual([36, 1, expect.any(Number), {}, ['after']]);
      expect(loud(lines)).toEqual([]);
    });
  }

  it('[JSON-RPC 2.0 §5.1] a request nested 5,000 levels gets -32600 with id null; the session goes on', async () => {
    await start();
    const ws = await openClient(server!.url);
    sockets.push(ws);
    const inbox = messages(ws);
    ws.send(`{"jsonrpc":"2.0","id":1,"method":"publish","params":[${JSON.stringify(TOPIC)},${deepJson()}]}`);
    expect(JSON.parse(await inbox.next())).toEqual({
      jsonrpc: '2.0',
      error: { code: -32600, message: 'Invalid Request: nested deeper than 64 levels' },
      id: null,
    });
    ws.send('{"jsonrpc":"2.0","id":2,"method":"publish","params":["com.deep",1]}');
    expect(JSON.parse(await inbox.next())).toMatchObject({ id: 2, result: expect.anything() });
  });

  it('[JSON-RPC 2.0 §6] a batch with a deeply nested element gets one -32600 error object', async () => {
    await start();
    const ws = await openClient(server!.url);
    sockets.push(ws);
    const inbox = messages(ws);
    const fine = '{"jsonrpc":"2.0","id":1,"method":"publish","params":["com.deep",1]}';
    ws.send(`[${fine},{"jsonrpc":"2.0","id":2,"method":"publish","params":["com.deep",${deepJson()}]}]`);
    expect(JSON.parse(await inbox.next())).toMatchObject({ error: { code: -32600 }, id: null });
    ws.send(`[${fine}]`);
    expect(JSON.parse(await inbox.next())).toMatchObject([{ id: 1, result: expect.anything() }]);
  });

  it('[STOMP 1.2 ERROR] a JSON body nested 5,000 levels for WAMP and JSON-RPC subscribers is refused once, to the sender', async () => {
    const lines = await start();
    const subscribers = await Promise.all([wampSubscriber('wamp.2.json'), wampSubscriber('wamp.2.cbor')]);
    const peer = await jsonRpcSubscriber();
    const sender = await stompClient(server!.url);
    sockets.push(sender);
    sender.send(frame('SEND', { destination: `/topic/${TOPIC}`, 'content-type': 'application/json' }, deepJson()));
    const error = await sender.next();
    expect([error.command, error.headers.find(([name]) => name === 'message')?.[1]]).toEqual([
      'ERROR',
      'Limit maxDepth (64) exceeded: JSON body nested deeper than 64 levels',
    ]);
    expect(bodyText(error)).not.toContain('Maximum call stack');
    expect(await sender.closed).toBe(1008);
    // Nobody received it: the next message each subscriber sees is a later, shallow one.
    const next = await stompClient(server!.url);
    sockets.push(next);
    next.send(frame('SEND', { destination: `/topic/${TOPIC}`, 'content-type': 'application/json' }, '[1]'));
    for (const subscriber of subscribers) expect((await subscriber.next())[4]).toEqual([[1]]);
    await untilPushed(peer);
    expect(peer.inbound.map((push) => (push.params as { result: unknown }).result)).toEqual([[1]]);
    expect(loud(lines)).toEqual([]);
  });

  it('a deep WAMP publish to 50 subscribers logs nothing and tells the publisher (ABORT)', async () => {
    const lines = await start();
    const subscribers = await subscribersOfEveryKind(50);
    const publisher = await wampSession();
    publisher.sendRaw(deepPublish('wamp.2.json', 1));
    expect((await publisher.next())[0]).toBe(3);
    expect(await publisher.closed()).toBe(1009);
    await sync(subscribers);
    expect(loud(lines)).toEqual([]);
  });

  it('with the limit raised, 20 unrenderable publishes to 50 subscribers log once per message and kind, then aggregated', async () => {
    const lines = await start(1_000_000);
    const subscribers = await subscribersOfEveryKind(50);
    const publisher = await wampSession();
    const started = Date.now();
    for (let request = 1; request <= 20; request++) {
      publisher.sendRaw(deepPublish('wamp.2.json', request, 100_000));
      // PUBLISHED: the publish itself succeeded; no receiver could be sent the event.
      expect((await publisher.next())[0]).toBe(17);
    }
    await sync(subscribers);
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const noisy = loud(lines);
    const kinds = new Set(noisy.map((line) => line.msg.replace(/ \(repeated \d+ times\)$/, '')));
    expect([...kinds].sort()).toEqual([
      'message cannot be encoded as JSON, not pushed',
      'message cannot be encoded as a STOMP body, not delivered',
      'message cannot be encoded as a WAMP EVENT, not delivered',
    ]);
    // Failures are counted once per message and encoding (3 WAMP serializers, JSON-RPC, STOMP),
    // never per receiver: at most 100 for 20 messages, where 1,000 deliveries logged 1,000 traces.
    const failures = noisy.reduce((sum, line) => sum + ((line.repeated as number | undefined) ?? 1), 0);
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(failures).toBeLessThanOrEqual(100);
    // Written: the first line of each kind, then at most one summary per kind and second.
    expect(noisy.length).toBeLessThanOrEqual(kinds.size * (2 + seconds));
  });
});

interface Subscribers {
  readonly wamp: RawClient[];
  readonly jsonrpc: JsonRpcPeer[];
  readonly stomp: Awaited<ReturnType<typeof stompClient>>[];
}

/** `count` subscribers of TOPIC: WAMP json, msgpack and cbor, JSON-RPC and STOMP in turn. */
async function subscribersOfEveryKind(count: number): Promise<Subscribers> {
  const all: Subscribers = { wamp: [], jsonrpc: [], stomp: [] };
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    if (kind < 3) all.wamp.push(await wampSubscriber(['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor'][kind]!));
    else if (kind === 3) all.jsonrpc.push(await jsonRpcSubscriber());
    else {
      const client = await stompClient(server!.url);
      sockets.push(client);
      client.send(frame('SUBSCRIBE', { id: 's', destination: `/topic/${TOPIC}`, receipt: 'r' }));
      await client.receipt('r');
      all.stomp.push(client);
    }
  }
  return all;
}

/**
 * Publishes a shallow marker and waits until every subscriber got it as its first message: the
 * broker delivers in order, so nothing from an earlier publish reached anyone.
 */
async function sync(subscribers: Subscribers): Promise<void> {
  const marker = await wampSession();
  marker.send([16, 99, { acknowledge: true }, TOPIC, ['marker']]);
  expect((await marker.next())[0]).toBe(17);
  for (const client of subscribers.wamp) expect((await client.next())[4]).toEqual(['marker']);
  for (const client of subscribers.stomp) expect(bodyText(await client.next())).toBe('marker');
  for (const peer of subscribers.jsonrpc) {
    await untilPushed(peer);
    expect(peer.inbound.map((push) => (push.params as { result: unknown }).result)).toEqual(['marker']);
  }
}

async function untilPushed(peer: JsonRpcPeer): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (peer.inbound.length === 0) {
    if (Date.now() > deadline) throw new Error('no push in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
