/**
 * Three broker processes (`node dist/cli/main.js --redis ...`) on one private redis-server, with
 * JSON-RPC clients over real sockets. (`npm test` builds dist/ first, see "pretest".)
 * STOMP and WAMP cross-node cases join here once those modules land.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { getJson, messages, openClient } from '../helpers/ws-client.js';
import { eventually, sleep } from './harness.js';
import { RedisServer } from './redis-server.js';

const bin = join(resolve(import.meta.dirname, '../..'), 'dist/cli/main.js');

interface BrokerProcess {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
}

function startBroker(redisUrl: string, nodeId: string): Promise<BrokerProcess> {
  const child = spawn(process.execPath, [
    bin,
    '--port',
    '0',
    '--log-level',
    'warn',
    '--redis',
    redisUrl,
    '--node-id',
    nodeId,
  ]);
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (ws:\/\/\S+)/.exec(output);
      if (match?.[1]) resolvePromise({ url: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`${nodeId} exited with ${code}: ${output}`)));
  });
}

/** A JSON-RPC 2.0 client: numbered requests, and the pushes it receives. */
async function rpcClient(url: string) {
  const ws: WebSocket = await openClient(url);
  const inbox = messages(ws);
  let nextId = 1;
  const request = async (method: string, params: unknown[]) => {
    const id = nextId++;
    ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return JSON.parse(await inbox.find((text) => JSON.parse(text).id === id, 10_000));
  };
  return { ws, inbox, request };
}

type Client = Awaited<ReturnType<typeof rpcClient>>;

/** The pushed payloads of a subscription, in arrival order. */
function pushes(client: Client): unknown[] {
  const received: unknown[] = [];
  client.ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.method === 'subscription') received.push(message.params.result);
  });
  return received;
}

describe('a three-node cluster on Redis', () => {
  let redis: RedisServer;
  const brokers: BrokerProcess[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    for (const nodeId of ['n1', 'n2', 'n3']) brokers.push(await startBroker(redis.url, nodeId));
    for (const broker of brokers) {
      await eventually(async () => (await getJson(`${broker.url.replace('ws', 'http')}/readyz`)).status === 200);
    }
  }, 30_000);

  afterAll(async () => {
    for (const broker of brokers) broker.child.kill('SIGKILL');
    await redis.stop();
  });

  it('delivers what a publisher on any node sends to subscribers on every node, once and in order', async () => {
    const subscribers = await Promise.all(brokers.map((b) => rpcClient(b.url)));
    const received = subscribers.map(pushes);
    for (const client of subscribers)
      expect((await client.request('subscribe', ['e2e.#', { match: 'wildcard' }])).result).toBeDefined();
    const publishers = await Promise.all(brokers.map((b) => rpcClient(b.url)));
    // Node interest is set up asynchronously: warm up until every node hears every other.
    await eventually(async () => {
      for (const [i, p] of publishers.entries()) await p.request('publish', [`e2e.warmup`, `w${i}`]);
      await sleep(50);
      return received.every((r) => [0, 1, 2].every((i) => r.includes(`w${i}`)));
    }, 10_000);
    for (const r of received) r.length = 0;
    for (let seq = 0; seq < 20; seq++) {
      for (const [i, p] of publishers.entries())
        p.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'publish', params: [`e2e.n${i}`, { from: i, seq }] }));
    }
    await eventually(() => received.every((r) => r.length >= 60), 10_000);
    await sleep(200);
    for (const r of received) {
      expect(r).toHaveLength(60);
      for (const from of [0, 1, 2]) {
        const seqs = (r as { from: number; seq: number }[]).filter((m) => m.from === from).map((m) => m.seq);
        expect(seqs).toEqual([...Array(20).keys()]);
      }
    }
    for (const client of [...subscribers, ...publishers]) client.ws.close();
  }, 30_000);

  it('calls a JSON-RPC callee on node 1 from a JSON-RPC caller on node 3', async () => {
    const callee = await rpcClient(brokers[0]!.url);
    callee.ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.method === 'e2e.add') {
        const [x, y] = message.params as number[];
        callee.ws.send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: x! + y! }));
      }
    });
    expect((await callee.request('register', ['e2e.add'])).result).toBeDefined();
    const caller = await rpcClient(brokers[2]!.url);
    await eventually(async () => (await caller.request('e2e.add', [2, 3])).result === 5, 10_000);
    callee.ws.close();
    caller.ws.close();
  }, 30_000);

  it('fails a call pending on a node that is killed, within the node timeout', async () => {
    const callee = await rpcClient(brokers[0]!.url);
    expect((await callee.request('register', ['e2e.hang'])).result).toBeDefined();
    const caller = await rpcClient(brokers[1]!.url);
    // Until node 2 knows the registration the call fails at once; then it stays pending (no answer).
    await eventually(async () => {
      const pending = caller.request('e2e.hang', []);
      const early = await Promise.race([pending, sleep(300).then(() => undefined)]);
      if (early !== undefined) return false;
      const killed = Date.now();
      brokers[0]!.child.kill('SIGKILL');
      const answer = await pending;
      expect(answer.error).toBeDefined();
      // Heartbeat timeout 5 s, swept every second.
      expect(Date.now() - killed).toBeLessThan(7500);
      return true;
    }, 10_000);
    caller.ws.close();
  }, 30_000);
});
