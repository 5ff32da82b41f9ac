import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { header } from '../../protocols/stomp/frame.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { type JsonRpcPeer, jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed } from '../helpers/ws-client.js';
import { type RawClient as StompClient, rawClient as stompClient } from '../protocols/stomp/raw-client.js';
import { type RawClient as WampClient, rawClient as wampClient } from '../protocols/wamp/raw-client.js';
import { adminRequest, bearer } from './admin-client.js';

const TOKEN = 'admin-api-token-0123456789';
const authorization = bearer(TOKEN);

let broker: StartedJunction;
let url: string;
let stompPeer: StompClient;
let wampPeer: WampClient;
let rpcPeer: JsonRpcPeer;

const api = (path: string, body?: unknown) => adminRequest(url, `/admin/api/${path}`, { authorization, body });
const post = (path: string, body: unknown = {}) => api(path, body);

interface Listing {
  items: Record<string, unknown>[];
  truncated: number;
}

async function listing(path: string): Promise<Record<string, unknown>[]> {
  const response = await api(path);
  expect(response.status).toBe(200);
  return (response.body as Listing).items;
}

/** A STOMP client subscribed to chat.room1, a WAMP callee of com.example.add subscribed to chat (prefix), a JSON-RPC subscriber. */
async function connectPeers(): Promise<void> {
  stompPeer = await stompClient(url);
  await stompPeer.connect();
  stompPeer.send('SUBSCRIBE\nid:0\ndestination:/topic/chat.room1\nreceipt:s0\n\n\0');
  await stompPeer.receipt('s0');
  wampPeer = await wampClient(url);
  await wampPeer.hello();
  wampPeer.send([64, 1, {}, 'com.example.add']);
  expect((await wampPeer.next())[0]).toBe(65);
  wampPeer.send([32, 2, { match: 'prefix' }, 'chat']);
  expect((await wampPeer.next())[0]).toBe(33);
  rpcPeer = await jsonRpcPeer(url);
  expect((await rpcPeer.request('subscribe', ['chat.room1'])).result).toEqual(expect.any(Number));
}

beforeAll(async () => {
  broker = await startJunction({
    protocols: [stomp(), wamp(), jsonrpc()],
    admin: { tokens: [{ authid: 'ci', token: TOKEN }] },
  });
  url = broker.url;
  await connectPeers();
});

afterAll(async () => {
  await broker.close();
});

describe('admin API over a broker with STOMP, WAMP and JSON-RPC sessions', () => {
  it('lists the sessions of every protocol, by realm too', async () => {
    const sessions = await listing('sessions');
    expect(sessions.map((session) => session.protocol).sort()).toEqual(['jsonrpc', 'stomp', 'wamp']);
    expect(sessions[0]).toEqual({
      id: expect.any(Number),
      realm: 'realm1',
      protocol: expect.any(String),
      authid: expect.stringMatching(/^anonymous-/),
      authrole: 'anonymous',
    });
    expect(await listing('sessions?realm=realm1')).toHaveLength(3);
    expect((await api('sessions?realm=nowhere')).status).toBe(404);
  });

  it('lists topics with their match policy and subscriber counts', async () => {
    const topics = await listing('topics');
    expect(topics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ realm: 'realm1', pattern: 'chat.room1', match: 'exact', subscribers: 2 }),
        expect.objectContaining({ realm: 'realm1', pattern: 'chat', match: 'prefix', subscribers: 1 }),
      ]),
    );
  });

  it('lists procedures with their invoke policy and callees', async () => {
    expect(await listing('procedures')).toEqual([
      expect.objectContaining({ procedure: 'com.example.add', match: 'exact', invoke: 'single', callees: 1 }),
    ]);
  });

  it('lists realms with their counts, and the counters for rates', async () => {
    expect(await listing('realms')).toEqual([
      { name: 'realm1', sessions: 3, subscriptions: 2, registrations: 1, queues: 0 },
    ]);
    const stats = (await api('stats')).body as Record<string, unknown>;
    expect(stats).toMatchObject({ engine: 'memory', sessions: 3, published: expect.any(Number) });
  });

  it('publishes as the broker to subscribers of every protocol', async () => {
    const before = ((await api('stats')).body as { published: number }).published;
    const response = await api('publish', { topic: 'chat.room1', payload: { text: 'from the operator' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ realm: 'realm1', topic: 'chat.room1', delivered: 3 });
    const message = await stompPeer.next();
    expect(message.command).toBe('MESSAGE');
    expect(JSON.parse(new TextDecoder().decode(message.body))).toEqual({ text: 'from the operator' });
    const event = await wampPeer.next();
    expect(event[0]).toBe(36);
    expect(event[4]).toEqual([{ text: 'from the operator' }]);
    await expect.poll(() => rpcPeer.inbound.length).toBe(1);
    expect(rpcPeer.inbound[0]).toMatchObject({
      method: 'subscription',
      params: { topic: 'chat.room1', result: { text: 'from the operator' } },
    });
    expect(((await api('stats')).body as { published: number }).published).toBe(before + 1);
  });

  it('refuses publishing to a reserved topic or an invalid one', async () => {
    expect((await api('publish', { topic: 'wamp.session.on_join', payload: 1 })).status).toBe(400);
    expect((await api('publish', { topic: 'bad topic', payload: 1 })).status).toBe(400);
    expect((await api('publish', { payload: 1 })).status).toBe(400);
  });

  it('shows a queue with its depth, consumers and unacked, and purges what waits', async () => {
    const producer = await stompClient(url);
    await producer.connect();
    for (const n of [1, 2, 3]) producer.send(`SEND\ndestination:/queue/work\n\njob ${n}\0`);
    producer.send('SEND\ndestination:/queue/busy\nreceipt:r1\n\njob a\0');
    await producer.receipt('r1');
    // A consumer with client acks holds one message unacked, which a purge leaves alone.
    producer.send('SEND\ndestination:/queue/busy\nreceipt:r2\n\njob b\0');
    await producer.receipt('r2');
    const consumer = await stompClient(url);
    await consumer.connect();
    consumer.send('SUBSCRIBE\nid:q\ndestination:/queue/busy\nack:client-individual\nprefetch-count:1\n\n\0');
    expect((await consumer.next()).command).toBe('MESSAGE');
    const queues = await listing('queues');
    expect(queues).toEqual(
      expect.arrayContaining([
        { realm: 'realm1', node: expect.any(String), name: 'work', depth: 3, consumers: 0, unacked: 0 },
        { realm: 'realm1', node: expect.any(String), name: 'busy', depth: 1, consumers: 1, unacked: 1 },
      ]),
    );
    const purged = await post('queues/work/purge');
    expect(purged).toMatchObject({ status: 200, body: { realm: 'realm1', queue: 'work', purged: 3 } });
    expect((await post('queues/busy/purge')).body).toMatchObject({ purged: 1 });
    expect(await listing('queues')).toEqual([
      { realm: 'realm1', node: expect.any(String), name: 'busy', depth: 0, consumers: 1, unacked: 1 },
    ]);
    expect((await post('queues/work/purge', { realm: 'nowhere' })).status).toBe(404);
    producer.close();
    consumer.close();
  });

  it('kills a STOMP session with an ERROR frame and close 1008', async () => {
    const id = await sessionId('stomp');
    expect((await post(`sessions/${id}/kill`, { reason: 'maintenance' })).status).toBe(200);
    const frame = await stompPeer.next();
    expect(frame.command).toBe('ERROR');
    expect(header(frame, 'message')).toBe('Session killed: maintenance');
    expect(await stompPeer.closed).toBe(1008);
  });

  it('kills a WAMP session with GOODBYE wamp.close.killed', async () => {
    const id = await sessionId('wamp');
    expect((await post(`sessions/${id}/kill`)).status).toBe(200);
    expect(await wampPeer.next()).toEqual([6, { message: 'killed by an administrator' }, 'wamp.close.killed']);
    expect(await wampPeer.closed()).toBe(1008);
  });

  it('kills a JSON-RPC session with close 1008 and the reason', async () => {
    const id = await sessionId('jsonrpc');
    const ended = closed(rpcPeer.ws);
    expect((await post(`sessions/${id}/kill`, { reason: 'bye' })).status).toBe(200);
    expect(await ended).toEqual({ code: 1008, reason: 'bye' });
    await expect.poll(async () => (await listing('sessions')).length).toBe(0);
  });

  it('answers 404 for a session that is not on this node', async () => {
    expect((await post('sessions/12345/kill')).status).toBe(404);
    expect((await post('sessions/1/kill', { reason: 7 })).status).toBe(400);
  });
});

async function sessionId(protocol: string): Promise<number> {
  const session = (await listing('sessions')).find((entry) => entry.protocol === protocol);
  return session!.id as number;
}
