/**
 * `/metrics` after real STOMP, WAMP and JSON-RPC traffic on raw ws clients: each counter moves by
 * exactly what the traffic did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { eventually } from '../helpers/eventually.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, messages, openClient, stalledClient } from '../helpers/ws-client.js';

type Samples = Map<string, number>;

/** Parses the text exposition into `name{labels}` → value. */
function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Samples> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parse(await response.text());
}

/** A masked client text frame (RFC 6455 §5.3), for a raw socket that never reads. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = payload.map((byte, i) => byte ^ (mask[i % 4] as number));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

const stompFrame = (command: string, headers: Record<string, string>, body = ''): string =>
  `${command}\n${Object.entries(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join('')}\n${body}\0`;

let broker: StartedJunction;
let metricsUrl: string;

beforeAll(async () => {
  broker = await startJunction({
    protocols: [stomp(), wamp(), jsonrpc()],
    auth: { users: [{ authid: 'ann', secret: 'right-secret' }] },
    limits: { maxBufferedBytes: 64 * 1024 },
  });
  metricsUrl = `${broker.url.replace('ws', 'http')}/metrics`;
  broker.junction.register('math.half', (args) => {
    if (typeof args[0] !== 'number') throw new Error('not a number');
    return args[0] / 2;
  });
});
afterAll(() => broker.close());

/** Runs `action` and returns how much each sample moved. */
async function delta(action: () => Promise<void>): Promise<(key: string) => number> {
  const before = await scrape(metricsUrl);
  await action();
  const after = await scrape(metricsUrl);
  return (key) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
}

async function wampSession(): Promise<{ ws: WebSocket; inbox: ReturnType<typeof messages> }> {
  const ws = await openClient(broker.url, 'wamp.2.json');
  const inbox = messages(ws);
  ws.send(JSON.stringify([1, 'realm1', { roles: { subscriber: {}, publisher: {}, caller: {}, callee: {} } }]));
  expect(JSON.parse(await inbox.next())[0]).toBe(2); // WELCOME
  return { ws, inbox };
}

async function stompSession(headers: Record<string, string> = {}) {
  const ws = await openClient(broker.url, 'v12.stomp');
  const inbox = messages(ws);
  ws.send(stompFrame('CONNECT', { 'accept-version': '1.2', host: 'realm1', ...headers }));
  return { ws, inbox, reply: await inbox.next() };
}

describe('GET /metrics', () => {
  it('serves the process metrics and every junction metric on the broker port', async () => {
    const response = await fetch(metricsUrl);
    const text = await response.text();
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_heap_size_used_bytes',
      'junction_connections',
      'junction_connections_total',
      'junction_messages_received_total',
      'junction_deliveries_total',
      'junction_publishes_total',
      'junction_calls_total',
      'junction_call_duration_seconds',
      'junction_closes_total',
      'junction_auth_failures_total',
      'junction_slow_consumer_closes_total',
      'junction_rate_limited_closes_total',
      'junction_queue_messages',
      'junction_engine_up',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(parse(text).get('junction_engine_up')).toBe(1);
  });

  it('counts 3 STOMP publishes delivered to a WAMP subscriber, and the sessions and messages', async () => {
    const moved = await delta(async () => {
      const subscriber = await wampSession();
      subscriber.ws.send(JSON.stringify([32, 1, {}, 'news']));
      expect(JSON.parse(await subscriber.inbox.next())[0]).toBe(33); // SUBSCRIBED
      const publisher = await stompSession();
      expect(publisher.reply.startsWith('CONNECTED')).toBe(true);
      for (let n = 1; n <= 3; n++) {
        const receipt: Record<string, string> = n === 3 ? { receipt: 'r3' } : {};
        publisher.ws.send(stompFrame('SEND', { destination: '/topic/news', ...receipt }, `m${n}`));
      }
      expect(await publisher.inbox.next()).toContain('RECEIPT');
      for (let n = 1; n <= 3; n++) expect(JSON.parse(await subscriber.inbox.next())[0]).toBe(36); // EVENT
      subscriber.ws.close();
      publisher.ws.close();
      await eventually(() => broker.junction.sessionCount === 0);
    });
    expect(moved('junction_publishes_total{protocol="stomp"}')).toBe(3);
    expect(moved('junction_deliveries_total{protocol="wamp"}')).toBe(3);
    expect(moved('junction_connections_total{protocol="stomp"}')).toBe(1);
    expect(moved('junction_connections_total{protocol="wamp"}')).toBe(1);
    // CONNECT and three SENDs; HELLO and SUBSCRIBE.
    expect(moved('junction_messages_received_total{protocol="stomp"}')).toBe(4);
    expect(moved('junction_messages_received_total{protocol="wamp"}')).toBe(2);
    expect(moved('junction_closes_total{code="1005"}')).toBe(2);
  });

  it('counts JSON-RPC calls by outcome and observes their durations', async () => {
    const moved = await delta(async () => {
      const ws = await openClient(broker.url);
      const inbox = messages(ws);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'math.half', params: [8] }));
      expect(JSON.parse(await inbox.next())).toMatchObject({ id: 1, result: 4 });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'math.half', params: ['eight'] }));
      expect(JSON.parse(await inbox.next())).toMatchObject({ id: 2, error: {} });
      ws.close();
      await eventually(() => broker.junction.sessionCount === 0);
    });
    expect(moved('junction_calls_total{protocol="jsonrpc",outcome="ok"}')).toBe(1);
    expect(moved('junction_calls_total{protocol="jsonrpc",outcome="error"}')).toBe(1);
    expect(moved('junction_call_duration_seconds_count')).toBe(2);
    expect(moved('junction_call_duration_seconds_bucket{le="+Inf"}')).toBe(2);
    expect(moved('junction_connections{protocol="jsonrpc"}')).toBe(0);
  });

  it('counts a failed login and a close with 1008', async () => {
    const moved = await delta(async () => {
      const failed = await stompSession({ login: 'ann', passcode: 'wrong-secret' });
      expect(failed.reply.startsWith('ERROR')).toBe(true);
      await closed(failed.ws);
      const { ws } = await wampSession();
      ws.close(1008, 'policy');
      await eventually(() => broker.junction.sessionCount === 0);
    });
    expect(moved('junction_auth_failures_total{protocol="stomp"}')).toBe(1);
    expect(moved('junction_auth_failures_total{protocol="wamp"}')).toBe(0);
    // STOMP closes a failed login with 1008 too (policy), then the client's own 1008.
    expect(moved('junction_closes_total{code="1008"}')).toBe(2);
  });

  it('counts a slow consumer cut off once', async () => {
    const moved = await delta(async () => {
      const stalled = await stalledClient(broker.url, 'wamp.2.json');
      stalled.write(clientFrame(JSON.stringify([1, 'realm1', { roles: { subscriber: {} } }])));
      // SUBSCRIBE only once the session is welcomed (WAMP refuses it before).
      await eventually(() => (broker.junction.router.realm('realm1')?.sessions().length ?? 0) === 1);
      stalled.write(clientFrame(JSON.stringify([32, 1, {}, 'feed'])));
      await eventually(() => (broker.junction.router.realm('realm1')?.matchSubscriptions('feed').length ?? 0) === 1);
      const filler = 'x'.repeat(8 * 1024);
      for (let n = 0; n < 5000 && broker.junction.stats.slow_consumer === 0; n++) {
        broker.junction.publish('feed', { n, filler });
        if (n % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
      }
      await eventually(() => broker.junction.sessionCount === 0);
      stalled.destroy();
    });
    expect(moved('junction_slow_consumer_closes_total')).toBe(1);
  });

  it('reports the messages waiting in queues per realm', async () => {
    const { ws, inbox } = await stompSession();
    ws.send(stompFrame('SEND', { destination: '/queue/jobs' }, 'one'));
    ws.send(stompFrame('SEND', { destination: '/queue/jobs', receipt: 'r' }, 'two'));
    await inbox.next();
    expect((await scrape(metricsUrl)).get('junction_queue_messages{realm="realm1"}')).toBe(2);
    ws.close();
  });
});

describe('metrics options', () => {
  it('requires the bearer token when one is configured, and serves on a port of its own', async () => {
    const guarded = await startJunction({ protocols: [jsonrpc()], metrics: { token: 'scrape-token', port: 0 } });
    try {
      const onBroker = `${guarded.url.replace('ws', 'http')}/metrics`;
      expect((await fetch(onBroker)).status).toBe(401);
      expect((await fetch(onBroker, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      const samples = await scrape(onBroker, { authorization: 'Bearer scrape-token' });
      expect(samples.get('junction_engine_up')).toBe(1);
      const own = `http://127.0.0.1:${guarded.junction.metrics.port}/metrics`;
      expect((await fetch(own)).status).toBe(401);
      expect((await scrape(own, { authorization: 'Bearer scrape-token' })).get('junction_engine_up')).toBe(1);
    } finally {
      await guarded.close();
    }
  });

  it("keeps each broker's metrics apart in one process", async () => {
    const other = await startJunction({ protocols: [jsonrpc()] });
    try {
      const samples = await scrape(`${other.url.replace('ws', 'http')}/metrics`);
      expect(samples.get('junction_connections_total{protocol="stomp"}')).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
