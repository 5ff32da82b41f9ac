/**
 * Issue 7 fault tests: a node process killed with SIGKILL (no goodbye) while it holds unacked
 * queue messages or has callees with calls pending. docs/cluster.md "Liveness" states the bound:
 * a node unheard of for `nodeTimeout` (5 s), swept every heartbeat (1 s), is dead. The tests
 * allow 3 s on top for a loaded machine.
 */
import type { IMessage } from '@stomp/stompjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../helpers/needs.js';
import { type Cluster, NODE_TIMEOUT_MS, startCluster } from './nodes.js';
import { converge, jsonRpcPeer, sleep, stompPeer, until, wampPeer } from './peers.js';

const hasRedis = await needs('redis-server');
const BOUND_MS = NODE_TIMEOUT_MS + 3000;

/** Resolves with `work`, or fails naming `what` after `ms` (instead of at the test timeout). */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!hasRedis)('A node killed while its STOMP consumer holds unacked queue messages', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(3);
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('[STOMP 1.2 Connection Lost] redelivers them, flagged redelivered, to the consumer on another node', async () => {
    const [n1, n2, n3] = cluster.nodes.map((node) => node.url) as [string, string, string];
    const QUEUE = '/queue/e2e.failover';
    const headers = { ack: 'client-individual', 'prefetch-count': '3' };
    const doomed: IMessage[] = [];
    const survivor: IMessage[] = [];
    const [onNode1, onNode2, producer] = [await stompPeer(n1), await stompPeer(n2), await stompPeer(n3)];
    await onNode1.subscribe(QUEUE, (message) => doomed.push(message), headers);
    for (const body of ['k0', 'k1', 'k2']) {
      producer.client.publish({ destination: QUEUE, body, headers: { 'content-type': 'text/plain' } });
    }
    await until(() => doomed.length === 3, 10_000, 'node 1 taking three messages');
    // The consumer on node 2 arrives once node 1 holds everything: it has nothing to take yet.
    await onNode2.subscribe(QUEUE, (message) => survivor.push(message), { ...headers, 'prefetch-count': '10' });
    await sleep(300);
    expect(survivor).toEqual([]);

    const killed = Date.now();
    await cluster.nodes[0]!.kill();
    await until(() => survivor.length >= 3, BOUND_MS + 2000, 'redelivery to node 2');
    expect(Date.now() - killed).toBeLessThan(BOUND_MS);
    await sleep(500); // nothing is delivered twice
    expect(survivor.map((m) => [m.body, m.headers.redelivered]).sort()).toEqual([
      ['k0', 'true'],
      ['k1', 'true'],
      ['k2', 'true'],
    ]);
    await Promise.all([onNode2.close(), producer.close()]);
  }, 30_000);
});

describe.skipIf(!hasRedis)('A node killed while calls to its callee are pending', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(3);
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('fails the pending calls of a JSON-RPC caller and a WAMP caller on the other nodes with canceled', async () => {
    const [n1, n2, n3] = cluster.nodes.map((node) => node.url) as [string, string, string];
    const callee = await wampPeer(n1);
    let invocations = 0;
    await callee.session.register('e2e.hang', () => {
      invocations++;
      return new Promise(() => {}); // never answers
    });
    await callee.session.register('e2e.ping', () => 'pong');
    const rpcCaller = await jsonRpcPeer(n2);
    const wampCaller = await wampPeer(n3, 'msgpack');
    // Registrations are announced in order: once e2e.ping answers on a node, e2e.hang is known there.
    await converge(async () => (await rpcCaller.request('e2e.ping')).result === 'pong', 'node 2 knowing e2e.ping');
    await converge(
      () =>
        wampCaller.session.call('e2e.ping').then(
          (r) => r === 'pong',
          () => false,
        ),
      'node 3 knowing e2e.ping',
    );

    const fromJsonRpc = rpcCaller.request('e2e.hang', []);
    const fromWamp = wampCaller.session.call('e2e.hang').then(
      () => 'answered',
      (error: unknown) => (error as { error: string }).error,
    );
    await until(() => invocations === 2, 10_000, 'both calls reaching the callee');
    const killed = Date.now();
    await cluster.nodes[0]!.kill();
    const [rpcAnswer, wampError] = await within(Promise.all([fromJsonRpc, fromWamp]), BOUND_MS + 2000, 'failed calls');
    expect(Date.now() - killed).toBeLessThan(BOUND_MS);
    expect(rpcAnswer.error).toMatchObject({ code: -32003, data: { uri: 'wamp.error.canceled' } });
    expect(wampError).toBe('wamp.error.canceled');
    rpcCaller.close();
    await wampCaller.close();
  }, 30_000);
});
