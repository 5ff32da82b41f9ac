/**
 * Inbound rate limits over real sockets (issue 12, point 4): a client over `messagesPerSecond`
 * is slowed by backpressure, never dropped (STOMP over TCP and over WebSocket, JSON-RPC
 * batches); one that stays over for `rateLimitGrace` is closed (1008, STOMP over TCP: ERROR);
 * and while one client floods, another's call still completes.
 *
 * The time checks are lower bounds the budget implies (no message may arrive sooner), never a
 * performance threshold: with 50 messages/s and a burst of 100, the last of 200 frames cannot
 * arrive before about 2 s.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { type Frame, header } from '../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import type { Limits } from '../../src/server/options.js';
import { eventually } from '../helpers/eventually.js';
import { jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, openClient } from '../helpers/ws-client.js';
import { frame, rawClient } from '../protocols/stomp/raw-client.js';
import { tcpClient } from '../protocols/stomp/tcp-client.js';
import { openSession } from '../protocols/wamp/autobahn-client.js';
import { rawClient as wampClient } from '../protocols/wamp/raw-client.js';

let broker: StartedJunction | undefined;
let tcp: StompTcpServer | undefined;
afterEach(async () => {
  await tcp?.close();
  await broker?.close();
  tcp = undefined;
  broker = undefined;
});

async function start(limits: Partial<Limits>): Promise<StartedJunction> {
  const plugin = stomp();
  broker = await startJunction({ protocols: [plugin, jsonrpc(), wamp()], limits });
  tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin });
  return broker;
}

/** Every message published to `topic`, by its `n` header, with the time it arrived. */
function collect(topic: string): { readonly n: number[]; readonly lastAt: () => number } {
  const n: number[] = [];
  let last = 0;
  broker!.junction.subscribe(topic, (message) => {
    n.push(Number(message.headers?.n));
    last = Date.now();
  });
  return { n, lastAt: () => last };
}

const RATE = 50;
const BURST = 2 * RATE;
const COUNT = 200;
const CONNECT = frame('CONNECT', { 'accept-version': '1.2' });
const send = (n: number) => frame('SEND', { destination: '/topic/flood', n: String(n) }, `message ${n}`);
const inOrder = (count: number) => Array.from({ length: count }, (_, i) => i);
/** The earliest the last message may arrive: all but one burst (and one message of debt) wait for the rate. */
const earliestMs = (count: number, perMessage = 1) => ((count - BURST - perMessage) / RATE) * 1000;
const messages = (frames: readonly Frame[]) => frames.map((f) => `${f.command} ${header(f, 'message') ?? ''}`.trim());

describe('messagesPerSecond: slowed, nothing dropped', () => {
  it('slows a STOMP over TCP client that writes 200 frames at once: every one arrives, in order, the last after ~2 s', async () => {
    await start({ messagesPerSecond: RATE });
    const flood = collect('flood');
    const client = await tcpClient(tcp!.port);
    client.socket.write(CONNECT);
    await eventually(() => client.frames.length > 0);
    const started = Date.now();
    client.socket.write(inOrder(COUNT).map(send).join(''));
    await eventually(() => flood.n.length === COUNT, 20_000);
    expect(flood.n).toEqual(inOrder(COUNT));
    expect(flood.lastAt() - started).toBeGreaterThanOrEqual(earliestMs(COUNT + 1) * 0.9);
    expect(messages(client.frames)).toEqual(['CONNECTED']);
    client.socket.destroy();
  }, 30_000);

  it('slows a STOMP over WebSocket client that sends 200 SEND messages as fast as it can, dropping none', async () => {
    await start({ messagesPerSecond: RATE });
    const flood = collect('flood');
    const client = await rawClient(broker!.url);
    await client.connect();
    const started = Date.now();
    for (const n of inOrder(COUNT)) client.send(send(n));
    await eventually(() => flood.n.length === COUNT, 20_000);
    expect(flood.n).toEqual(inOrder(COUNT));
    expect(flood.lastAt() - started).toBeGreaterThanOrEqual(earliestMs(COUNT + 1) * 0.9);
    expect(client.queued.map((f) => f.command)).toEqual([]);
    client.close();
  }, 30_000);

  it('counts each request of a JSON-RPC batch: ten batches of 20 publishes all arrive, the last after ~1.6 s', async () => {
    await start({ messagesPerSecond: RATE });
    const flood = collect('flood');
    const client = await jsonRpcPeer(broker!.url);
    const batchSize = 20;
    const started = Date.now();
    for (let batch = 0; batch < COUNT / batchSize; batch++) {
      const requests = inOrder(batchSize).map((i) => ({
        jsonrpc: '2.0',
        method: 'publish',
        params: ['flood', i, { headers: { n: String(batch * batchSize + i) } }],
      }));
      client.ws.send(JSON.stringify(requests));
    }
    await eventually(() => flood.n.length === COUNT, 20_000);
    expect(flood.n).toEqual(inOrder(COUNT));
    expect(flood.lastAt() - started).toBeGreaterThanOrEqual(earliestMs(COUNT, batchSize) * 0.9);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    client.close();
  }, 30_000);
});

describe('bytesPerSecond: slowed, nothing dropped', () => {
  it('slows a STOMP over WebSocket client sending 10 frames of 16 KiB at 32 KiB/s: all arrive, the last after ~2.5 s', async () => {
    const KiB = 1024;
    await start({ bytesPerSecond: 32 * KiB });
    const flood = collect('flood');
    const client = await rawClient(broker!.url);
    await client.connect();
    const body = 'x'.repeat(16 * KiB);
    const started = Date.now();
    for (const n of inOrder(10)) client.send(frame('SEND', { destination: '/topic/flood', n: String(n) }, body));
    await eventually(() => flood.n.length === 10, 20_000);
    expect(flood.n).toEqual(inOrder(10));
    // A burst of 64 KiB, then 32 KiB/s; the message that goes into debt is let through.
    expect(flood.lastAt() - started).toBeGreaterThanOrEqual(((160 - 64 - 16) / 32) * 1000 * 0.9);
    client.close();
  }, 30_000);
});

describe('rateLimitGrace: closed only when it stays over', () => {
  const limits = { messagesPerSecond: 10, rateLimitGrace: 500 };
  const many = 1000;

  it('gives a STOMP over TCP client that stays over an ERROR "rate limit exceeded", then the close', async () => {
    await start(limits);
    const client = await tcpClient(tcp!.port);
    client.socket.write(CONNECT);
    await eventually(() => client.frames.length > 0);
    client.socket.write(inOrder(many).map(send).join(''));
    expect(messages(await client.closed)).toEqual(['CONNECTED', 'ERROR rate limit exceeded']);
    expect(broker!.junction.stats.rate_limited).toBe(1);
  });

  it('gives a STOMP over WebSocket client that stays over an ERROR "rate limit exceeded", then close 1008', async () => {
    await start(limits);
    const client = await rawClient(broker!.url);
    await client.connect();
    for (const n of inOrder(many)) client.send(send(n));
    expect(await client.closed).toBe(1008);
    expect(messages(client.queued)).toEqual(['ERROR rate limit exceeded']);
  });

  it('gives a WAMP session that stays over GOODBYE junction.close.rate_limited, then close 1008', async () => {
    await start(limits);
    const client = await wampClient(broker!.url);
    expect((await client.hello())[0]).toBe(2); // WELCOME
    for (let i = 0; i < many; i++) client.send([16, i + 1, {}, 'flood', [i]]); // PUBLISH
    expect(await client.next()).toEqual([6, { message: 'rate limit exceeded' }, 'junction.close.rate_limited']);
    expect(await client.closed()).toBe(1008);
  });

  it('closes a JSON-RPC client whose batches stay over with 1008 "rate limit exceeded"', async () => {
    await start(limits);
    const client = await openClient(broker!.url);
    const batch = JSON.stringify(inOrder(20).map((i) => ({ jsonrpc: '2.0', method: 'publish', params: ['flood', i] })));
    for (let i = 0; i < many / 20; i++) client.send(batch);
    expect(await closed(client)).toEqual({ code: 1008, reason: 'rate limit exceeded' });
  });
});

describe('a callee answers for its callers', () => {
  // 5 callers × 40 calls: 200 answers from one callee, twice its burst at 50 messages/s. Counted,
  // they would hold it over its budget for ~2 s, past the 500 ms grace, and close it.
  const answering = { messagesPerSecond: RATE, rateLimitGrace: 500 };
  const CALLERS = 5;
  const CALLS = 40;

  it('is not throttled by its callers’ rate: an autobahn callee answers 200 calls from 5 autobahn callers and stays', async () => {
    await start(answering);
    const callee = await openSession(broker!.url, 'json');
    await callee.session.register('rate.echo', (args) => args?.[0]);
    const callers = await Promise.all(inOrder(CALLERS).map(() => openSession(broker!.url, 'json')));
    const results = await Promise.all(
      callers.flatMap((caller, c) => inOrder(CALLS).map((i) => caller.session.call('rate.echo', [c * CALLS + i]))),
    );
    expect(results).toEqual(inOrder(CALLERS * CALLS));
    expect(callee.session.isOpen).toBe(true);
    await Promise.all([callee, ...callers].map((peer) => peer.close()));
  });

  it('is not throttled as a JSON-RPC callee either: 200 answers, and it stays connected', async () => {
    await start(answering);
    const callee = await jsonRpcPeer(broker!.url);
    await callee.request('register', ['rate.echo']);
    callee.ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; method?: string; params?: unknown[] };
      if (message.method === 'rate.echo' && message.id !== undefined)
        callee.respond(message.id, { result: message.params?.[0] });
    });
    const callers = await Promise.all(inOrder(CALLERS).map(() => openSession(broker!.url, 'json')));
    const results = await Promise.all(
      callers.flatMap((caller, c) => inOrder(CALLS).map((i) => caller.session.call('rate.echo', [c * CALLS + i]))),
    );
    expect(results).toEqual(inOrder(CALLERS * CALLS));
    expect(callee.ws.readyState).toBe(callee.ws.OPEN);
    callee.close();
    await Promise.all(callers.map((peer) => peer.close()));
  });
});

describe('fairness', () => {
  it('completes another client’s calls while a STOMP over TCP client floods a topic with 10 subscribers', async () => {
    await start({});
    const subscribers = Array.from({ length: 10 }, () => collect('flood'));
    broker!.junction.register('echo', (args) => args[0]);
    const flooder = await tcpClient(tcp!.port);
    flooder.socket.write(CONNECT);
    await eventually(() => flooder.frames.length > 0);
    let flooding = true;
    let sent = 0;
    const chunk = inOrder(500).map(send).join('');
    const flood = (async () => {
      // As fast as TCP allows: write whenever the socket drains.
      while (flooding && !flooder.socket.destroyed) {
        sent += 500;
        if (flooder.socket.write(chunk)) {
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        await new Promise((resolve) => {
          flooder.socket.once('drain', resolve);
          flooder.socket.once('close', resolve);
        });
      }
    })();
    await eventually(() => (subscribers[0]?.n.length ?? 0) > 1000);
    const caller = await jsonRpcPeer(broker!.url);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await caller.request('echo', [i]));
    const deliveredDuring = subscribers[0]?.n.length ?? 0;
    flooding = false;
    await flood;
    expect(answers.map((answer) => answer.result)).toEqual([0, 1, 2, 3, 4]);
    // The calls were answered while the flood was still being delivered, not after it.
    expect(deliveredDuring).toBeLessThan(sent);
    caller.close();
    flooder.socket.destroy();
  }, 30_000);
});
