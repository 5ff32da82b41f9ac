/**
 * Issue 7 end to end: three broker processes (`node dist/cli/main.js --redis ...`) on one private
 * redis-server, driven by the real clients of every protocol over real sockets. Topics, RPC,
 * shared queues and the session meta API across nodes (docs/cluster.md, docs/cross-protocol.md).
 * Killing nodes is in the *-failover tests, which need clusters of their own.
 */

import type { IMessage } from '@stomp/stompjs';
import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../helpers/needs.js';
import { stompRpc } from '../helpers/stomp-rpc.js';
import { type Cluster, startCluster } from './nodes.js';
import {
  converge,
  type JsonRpcMessage,
  type JsonRpcPeer,
  jsonRpcPeer,
  type StompPeer,
  sleep,
  stompPeer,
  until,
  type WampPeer,
  wampPeer,
} from './peers.js';

// Each test spawns three broker processes on its own redis-server (not the one on 6379).
const hasRedis = await needs('redis-server');
let cluster: Cluster;
const ROOT = { authid: 'root', secret: 'root-secret', authrole: 'admin' };
const asRoot = { authmethods: ['ticket'], authid: ROOT.authid, onchallenge: () => ROOT.secret };
const url = (node: 1 | 2 | 3) => cluster.nodes[node - 1]!.url;

beforeAll(async () => {
  // The session-revealing meta procedures are for admin roles (issue 11): the meta test logs in as root.
  if (hasRedis) cluster = await startCluster(3, { auth: { users: [ROOT] } });
}, 30_000);

afterAll(async () => {
  await cluster?.stop();
});

describe.skipIf(!hasRedis)('Topics across three nodes, every protocol', () => {
  const TOPIC = 'e2e.poly';
  const COUNT = 20;
  const PUBLISHERS = ['wamp', 'jsonrpc', 'stomp'] as const;
  type Publisher = (typeof PUBLISHERS)[number];
  /** Each publisher's binary payload: bytes that are not UTF-8, plus the publisher's index. */
  const bytesOf = (from: Publisher) => new Uint8Array([0, 1, 2, 127, 128, 254, 255, PUBLISHERS.indexOf(from)]);

  /** What a subscriber understood, in arrival order: an object from a publisher, or its bytes. */
  type Seen = { from: Publisher; seq: number } | { from: Publisher; binary: true } | { warmup: string };
  const seen = { stomp: [] as Seen[], wamp: [] as Seen[], jsonrpc: [] as Seen[] };
  /** Mapping failures inside the clients' callbacks, which the clients would only log. */
  const mismatches: unknown[] = [];
  const record = (list: Seen[], understand: () => Seen) => {
    try {
      list.push(understand());
    } catch (err) {
      mismatches.push(err);
    }
  };
  const fromBytes = (bytes: readonly number[]): Seen => {
    const from = PUBLISHERS[bytes.at(-1) ?? -1];
    if (from === undefined) throw new Error(`unexpected bytes ${bytes}`);
    expect(bytes).toEqual(Array.from(bytesOf(from)));
    return { from, binary: true };
  };

  /** docs/cross-protocol.md "Receiving": a JSON body with application/json, bytes as octet-stream. */
  function fromStomp(message: IMessage): Seen {
    expect(message.headers.destination).toBe(`/topic/${TOPIC}`);
    if (message.headers['content-type'] === 'application/octet-stream')
      return fromBytes(Array.from(message.binaryBody));
    expect(message.headers['content-type']).toBe('application/json');
    return JSON.parse(message.body) as Seen;
  }

  /** WAMP over JSON: `args: [value]`; binary as "\u0000" + base64 (autobahn-js leaves it so). */
  function fromWamp(args: unknown[], kwargs: unknown, topic: string | undefined): Seen {
    expect([args.length, kwargs, topic]).toEqual([1, {}, TOPIC]);
    const [value] = args;
    if (typeof value === 'string' && value.startsWith('\u0000'))
      return fromBytes([...Buffer.from(value.slice(1), 'base64')]);
    return value as Seen;
  }

  /** JSON-RPC push: `params.result` is the value, bytes as {"$binary": base64}. */
  function fromJsonRpc(push: JsonRpcMessage, subscription: unknown): Seen {
    const params = push.params as { subscription: unknown; topic: string; result: unknown };
    expect([push.method, params.subscription, params.topic]).toEqual(['subscription', subscription, TOPIC]);
    const binary = (params.result as { $binary?: string }).$binary;
    return binary === undefined ? (params.result as Seen) : fromBytes([...Buffer.from(binary, 'base64')]);
  }

  let subscribers: { stomp: StompPeer; wamp: WampPeer; jsonrpc: JsonRpcPeer };
  let publishers: { wamp: WampPeer; jsonrpc: JsonRpcPeer; stomp: StompPeer };

  beforeAll(async () => {
    // Subscribers: STOMP on node 1 (wildcard), WAMP on node 2 (prefix), JSON-RPC on node 3 (exact).
    subscribers = { stomp: await stompPeer(url(1)), wamp: await wampPeer(url(2)), jsonrpc: await jsonRpcPeer(url(3)) };
    await subscribers.stomp.subscribe('/topic/e2e.#', (message) => record(seen.stomp, () => fromStomp(message)));
    await subscribers.wamp.session.subscribe(
      'e2e.',
      (args, kwargs, details) => record(seen.wamp, () => fromWamp(args, kwargs, details.topic)),
      { match: 'prefix' },
    );
    const { result: subscription } = await subscribers.jsonrpc.request('subscribe', [TOPIC]);
    subscribers.jsonrpc.ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as JsonRpcMessage;
      if (message.method === 'subscription') record(seen.jsonrpc, () => fromJsonRpc(message, subscription));
    });
    // Publishers: WAMP (msgpack) on node 1, JSON-RPC on node 2, STOMP on node 3.
    publishers = {
      wamp: await wampPeer(url(1), 'msgpack'),
      jsonrpc: await jsonRpcPeer(url(2)),
      stomp: await stompPeer(url(3)),
    };
  }, 20_000);

  afterAll(async () => {
    for (const peer of [subscribers, publishers]) {
      await Promise.all([peer?.stomp.close(), peer?.wamp.close()]);
      peer?.jsonrpc.close();
    }
  });

  function publish(from: Publisher, value: object | Uint8Array): void {
    const binary = value instanceof Uint8Array;
    if (from === 'wamp') publishers.wamp.session.publish(TOPIC, [binary ? Buffer.from(value) : value]);
    else if (from === 'jsonrpc') {
      const payload = binary ? { $binary: Buffer.from(value).toString('base64') } : value;
      publishers.jsonrpc.notify('publish', [TOPIC, payload]);
    } else if (binary) publishers.stomp.client.publish({ destination: `/topic/${TOPIC}`, binaryBody: value });
    else {
      const headers = { 'content-type': 'application/json' };
      publishers.stomp.client.publish({ destination: `/topic/${TOPIC}`, body: JSON.stringify(value), headers });
    }
  }

  it('delivers every publisher’s objects and bytes to every subscriber, once, in publish order', async () => {
    const all = Object.values(seen);
    await converge(async () => {
      for (const from of PUBLISHERS) publish(from, { warmup: from });
      await sleep(100);
      return all.every((list) => PUBLISHERS.every((from) => list.some((s) => 'warmup' in s && s.warmup === from)));
    }, 'every subscriber hearing every publisher');
    for (let seq = 0; seq < COUNT; seq++) for (const from of PUBLISHERS) publish(from, { from, seq });
    for (const from of PUBLISHERS) publish(from, bytesOf(from));

    const measured = (list: Seen[]) => list.filter((s) => !('warmup' in s));
    const expected = PUBLISHERS.length * (COUNT + 1);
    const complete = () => all.every((list) => measured(list).length >= expected);
    await until(() => complete() || mismatches.length > 0, 10_000, 'every delivery');
    // A last message from each publisher: each publisher's messages arrive in order on every node,
    // so once every subscriber has all three, a duplicate of an earlier one has arrived too.
    const heardEnd = (list: Seen[], from: Publisher) => list.some((s) => 'warmup' in s && s.warmup === `end:${from}`);
    for (const from of PUBLISHERS) publish(from, { warmup: `end:${from}` });
    await until(() => all.every((list) => PUBLISHERS.every((from) => heardEnd(list, from))), 10_000, 'the end markers');
    expect(mismatches).toEqual([]);
    for (const [subscriber, list] of Object.entries(seen)) {
      const got = measured(list);
      expect(got, subscriber).toHaveLength(expected);
      for (const from of PUBLISHERS) {
        const own = got.filter((s) => 'from' in s && s.from === from).map((s) => ('seq' in s ? s.seq : 'binary'));
        expect(own, `${from} → ${subscriber}`).toEqual([...[...Array(COUNT).keys()], 'binary']);
      }
    }
  }, 30_000);
});

describe.skipIf(!hasRedis)('RPC across nodes: a WAMP callee on node 1', () => {
  const ERROR = { uri: 'com.example.error.out_of_stock', args: ['sold out'], kwargs: { sku: 'A1' } };
  let callee: WampPeer;
  let wampCaller: WampPeer;
  let stompCaller: StompPeer;
  let rpcCaller: JsonRpcPeer;

  beforeAll(async () => {
    callee = await wampPeer(url(1));
    const sum = (args: unknown[]) => args.reduce<number>((total, n) => total + Number(n), 0);
    await callee.session.register('e2e.add', (args) => sum(args));
    await callee.session.register('e2e.fail', () => {
      throw new autobahn.Error(ERROR.uri, ERROR.args, ERROR.kwargs);
    });
    await callee.session.register('e2e.stream', (_args, _kwargs, details) => {
      details.progress?.(['p1']);
      details.progress?.(['p2']);
      return 'done';
    });
    [wampCaller, stompCaller, rpcCaller] = [
      await wampPeer(url(2), 'msgpack'),
      await stompPeer(url(2)),
      await jsonRpcPeer(url(3)),
    ];
    stompCall = stompRpc(stompCaller.client, 10_000).call;
    // e2e.stream is the last registration announced: once it answers, they all do.
    await converge(async () => (await rpcCaller.request('e2e.stream', [])).error === undefined, 'node 3 knowing e2e.*');
    await converge(
      () =>
        wampCaller.session.call('e2e.stream').then(
          () => true,
          () => false,
        ),
      'node 2 knowing e2e.*',
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all([callee?.close(), wampCaller?.close(), stompCaller?.close()]);
    rpcCaller?.close();
  });

  let stompCall: ReturnType<typeof stompRpc>['call'];

  it('[JSON-RPC caller on node 3] gets results, collected progress and the callee’s error URI', async () => {
    expect((await rpcCaller.request('e2e.add', [2, 3])).result).toBe(5);
    expect((await rpcCaller.request('e2e.stream', [])).result).toEqual({ progress: ['p1', 'p2'], result: 'done' });
    expect((await rpcCaller.request('e2e.fail', [])).error).toEqual({
      code: -32000,
      message: expect.any(String),
      data: ERROR,
    });
  });

  it('[STOMP /rpc/ caller on node 2] gets results, collected progress and the callee’s error URI', async () => {
    const added = await stompCall('e2e.add', [20, 22]);
    expect([added.body, added.headers['content-type'], added.headers.error]).toEqual([
      '42',
      'application/json',
      undefined,
    ]);
    const streamed = await stompCall('e2e.stream');
    expect([JSON.parse(streamed.body), streamed.headers.progress]).toEqual([
      { progress: ['p1', 'p2'], result: 'done' },
      '2',
    ]);
    const failed = await stompCall('e2e.fail');
    expect([failed.headers.error, JSON.parse(failed.body)]).toEqual([
      ERROR.uri,
      { args: ERROR.args, kwargs: ERROR.kwargs },
    ]);
  });

  it('[WAMP caller on node 2] receives each progressive result, then the result; errors keep URI, args, kwargs', async () => {
    const progress: unknown[] = [];
    const result = await wampCaller.session.call('e2e.stream', [], {}, { receive_progress: true }).then(
      (value) => value,
      undefined,
      (update) => progress.push(update),
    );
    expect({ progress, result }).toEqual({ progress: ['p1', 'p2'], result: 'done' });
    type WampError = { error: string; args: unknown[]; kwargs: unknown };
    const failure = await wampCaller.session.call('e2e.fail').then(
      () => undefined,
      (error: unknown) => error as WampError,
    );
    expect({ uri: failure?.error, args: failure?.args, kwargs: failure?.kwargs }).toEqual(ERROR);
  });
});

describe.skipIf(!hasRedis)('A STOMP /queue/ with consumers on two nodes', () => {
  const QUEUE = '/queue/e2e.work';
  const consumer = { prefetch: 3, headers: { ack: 'client-individual', 'prefetch-count': '3' } };

  it('delivers each message exactly once overall, never more than a consumer’s prefetch unacked', async () => {
    const [producer, onNode2, onNode3] = [await stompPeer(url(1)), await stompPeer(url(2)), await stompPeer(url(3))];
    const got: Record<'n2' | 'n3', IMessage[]> = { n2: [], n3: [] };
    let ackAtOnce = false;
    const receive = (into: IMessage[]) => (message: IMessage) => {
      into.push(message);
      if (ackAtOnce) message.ack();
    };
    await onNode2.subscribe(QUEUE, receive(got.n2), consumer.headers);
    await onNode3.subscribe(QUEUE, receive(got.n3), consumer.headers);
    const send = (body: string) =>
      producer.client.publish({ destination: QUEUE, body, headers: { 'content-type': 'text/plain' } });
    // Six messages and nobody acks: each node can hold only its consumer's prefetch, three.
    for (let i = 0; i < 6; i++) send(`m${i}`);
    await until(() => got.n2.length + got.n3.length >= 6, 10_000, 'six deliveries');
    await sleep(300);
    expect([got.n2.length, got.n3.length]).toEqual([consumer.prefetch, consumer.prefetch]);
    // From now on every delivery is acked at once.
    ackAtOnce = true;
    for (const message of [...got.n2, ...got.n3]) message.ack();
    for (let i = 6; i < 40; i++) send(`m${i}`);
    await until(() => got.n2.length + got.n3.length >= 40, 15_000, 'forty deliveries');
    await sleep(500); // a second delivery of anything would arrive now
    const bodies = [...got.n2, ...got.n3].map((m) => m.body);
    expect(bodies.sort()).toEqual([...Array(40).keys()].map((i) => `m${i}`).sort());
    expect([...got.n2, ...got.n3].filter((m) => m.headers.redelivered !== undefined)).toEqual([]);
    await Promise.all([producer.close(), onNode2.close(), onNode3.close()]);
  }, 30_000);
});

describe.skipIf(!hasRedis)('WAMP session meta across nodes', () => {
  const REALM = 'e2e.meta';
  const count = (peer: WampPeer) => peer.session.call<number>('wamp.session.count');

  it('[WAMP session meta] counts, lists and gets the sessions of two nodes, of every protocol', async () => {
    const a = await wampPeer(url(1), 'json', REALM, asRoot);
    const b = await wampPeer(url(2), 'msgpack', REALM, asRoot);
    const stomp = await stompPeer(url(2), REALM);
    const rpc = await jsonRpcPeer(url(1), REALM);
    expect((await rpc.request('subscribe', ['e2e.meta.joined'])).error).toBeUndefined(); // it has joined
    await converge(async () => (await count(a)) === 4, 'node 1 counting the sessions of both nodes');
    expect(await count(b)).toBe(4);
    expect(await b.session.call('wamp.session.count', [['anonymous']])).toBe(2);
    expect(await b.session.call('wamp.session.count', [['admin']])).toBe(2);
    const list = await a.session.call<number[]>('wamp.session.list');
    expect(list).toHaveLength(4);
    expect(list).toEqual(expect.arrayContaining([a.session.id, b.session.id]));
    expect(await a.session.call('wamp.session.get', [b.session.id])).toEqual({
      session: b.session.id,
      authid: 'root',
      authrole: 'admin',
      realm: REALM,
      protocol: 'wamp',
    });
    const protocols = await Promise.all(
      list.map((id) => b.session.call<{ protocol: string }>('wamp.session.get', [id]).then((s) => s.protocol)),
    );
    expect(protocols.sort()).toEqual(['jsonrpc', 'stomp', 'wamp', 'wamp']);
    await expect(a.session.call('wamp.session.get', [1])).rejects.toMatchObject({
      error: 'wamp.error.no_such_session',
    });
    await stomp.close();
    await converge(async () => (await count(a)) === 3, 'node 1 counting 3 sessions after the STOMP one left');
    await Promise.all([a.close(), b.close()]);
    rpc.close();
  }, 20_000);
});
