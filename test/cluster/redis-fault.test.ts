/**
 * Redis goes away and comes back (operations.md §2: the peers' lost deliveries after a reconnect
 * and green health checks on deaf nodes). Own redis-server on a spare port, killed while a node
 * publishes: nodes stay up, /readyz flips to 503 and back, PUBSUB NUMSUB/NUMPAT show the
 * subscriptions restored, and delivery resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { createRedisEngine } from '../../src/cluster/redis-engine.js';
import type { RoutedMessage } from '../../src/router/index.js';
import { captureLogs } from '../helpers/log-capture.js';
import { needs } from '../helpers/needs.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { getJson } from '../helpers/ws-client.js';
import { eventually } from './harness.js';
import { RedisServer } from './redis-server.js';

const hasRedis = await needs('redis-server');
const PREFIX = 'fault:';
const TIMING = { heartbeatInterval: 200, nodeTimeout: 1000, maxReconnectDelay: 200, connectTimeout: 2000 };

describe.skipIf(!hasRedis)('Redis engine under a Redis restart', () => {
  let redis: RedisServer;
  const nodes: StartedJunction[] = [];
  /** Node a's log, to check how the outage reads there. */
  const logs = captureLogs();

  beforeAll(async () => {
    redis = await RedisServer.start();
    for (const nodeId of ['fault-a', 'fault-b']) {
      const engine = createRedisEngine({ url: redis.url, nodeId, prefix: PREFIX, ...TIMING });
      const logger = nodeId === 'fault-a' ? logs.logger : 'silent';
      nodes.push(await startJunction({ protocols: [jsonrpc()], engine, logger }));
    }
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await redis.stop();
  });

  const ready = async (node: StartedJunction) => (await getJson(`${node.url.replace('ws', 'http')}/readyz`)).status;

  it('keeps serving, reports 503 while Redis is down, resubscribes and delivers again', async () => {
    const [a, b] = nodes as [StartedJunction, StartedJunction];
    const remote: RoutedMessage[] = [];
    const local: RoutedMessage[] = [];
    b.junction.subscribe('ticks', (m) => remote.push(m));
    b.junction.subscribe('alerts.*', (m) => remote.push(m), { match: 'wildcard' });
    a.junction.subscribe('ticks', (m) => local.push(m));
    b.junction.register('echo', (args) => args[0]);
    await eventually(async () => (await ready(a)) === 200 && (await ready(b)) === 200);
    const channel = `${PREFIX}t:realm1:ticks`;
    const before = await redis.pubsub([channel]);
    expect(before.numsub[channel]).toBe(2);
    expect(before.numpat).toBe(1);

    let n = 0;
    const publisher = setInterval(() => a.junction.publish('ticks', n++), 20);
    try {
      await eventually(() => remote.length > 5);
      await redis.stop();
      await eventually(() => a.junction.router.engine.notReadyReason() !== undefined);
      expect(await ready(a)).toBe(503);
      expect(await ready(b)).toBe(503);
      const localBefore = local.length;
      // After the node timeout the nodes lose sight of each other: wait for that, not for a while.
      await eventually(() => a.junction.router.engine.calls.route('realm1', 'echo') === undefined);
      await expect(a.junction.call('echo', { args: [1] })).rejects.toMatchObject({
        uri: 'wamp.error.no_such_procedure',
      });
      // Nodes stay up and keep delivering locally; the failures are counted, never thrown.
      expect((await getJson(`${a.url.replace('ws', 'http')}/healthz`)).status).toBe(200);
      await eventually(() => expect(local.length).toBeGreaterThan(localBefore + 20));
      expect(a.junction.router.engine.stats.errors).toBeGreaterThan(0);

      await redis.start();
      await eventually(() => a.junction.router.engine.notReadyReason() === undefined, 10_000);
      await eventually(() => b.junction.router.engine.notReadyReason() === undefined, 10_000);
      expect(await ready(a)).toBe(200);
      expect(await ready(b)).toBe(200);
      const after = await redis.pubsub([channel]);
      expect(after.numsub[channel]).toBe(2);
      expect(after.numpat).toBe(1);
      const resumedFrom = remote.length;
      await eventually(() => remote.length > resumedFrom + 5, 5000);
    } finally {
      clearInterval(publisher);
    }
    // Registrations are learned again (heartbeat versions trigger snapshots).
    await eventually(async () => (await a.junction.call('echo', { args: [2] })).args?.[0] === 2);
    a.junction.publish('alerts.fire', 'x');
    await eventually(() => remote.some((m) => m.topic === 'alerts.fire'));
    // Per-publisher order held throughout: what arrived is increasing (with a gap for the outage).
    const values = remote.filter((m) => m.topic === 'ticks').map((m) => m.args?.[0] as number);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    // The outage in the log: once with its reason, once recovered (at the next heartbeat after
    // readiness returned); no stack per failure.
    await eventually(() => logs.lines.some((line) => line.msg.startsWith('engine recovered after ')));
    const engineLines = logs.lines.filter((line) => line.msg.includes('engine'));
    expect(engineLines.filter((line) => line.msg.startsWith('engine unavailable: '))).toHaveLength(1);
    expect(engineLines.filter((line) => line.msg.startsWith('engine recovered after '))).toHaveLength(1);
    expect(logs.lines.some((line) => 'err' in line)).toBe(false);
  }, 30_000);
});

describe.skipIf(!hasRedis)('Redis engine started before Redis', () => {
  it('serves as not ready, then subscribes and turns ready once Redis appears', async () => {
    const redis = await RedisServer.start();
    await redis.stop();
    const engine = createRedisEngine({
      url: redis.url,
      nodeId: 'early',
      prefix: PREFIX,
      ...TIMING,
      connectTimeout: 300,
    });
    const node = await startJunction({ protocols: [jsonrpc()], engine });
    try {
      const http = node.url.replace('ws', 'http');
      expect((await getJson(`${http}/readyz`)).status).toBe(503);
      node.junction.subscribe('early.news', () => {});
      await redis.start();
      await eventually(async () => (await getJson(`${http}/readyz`)).status === 200, 10_000);
      const channel = `${PREFIX}t:realm1:early.news`;
      expect((await redis.pubsub([channel])).numsub[channel]).toBe(1);
    } finally {
      await node.close();
      await redis.stop();
    }
  }, 20_000);
});
