/**
 * Redis that stops answering on an open connection (frozen with SIGSTOP: no close, no error).
 * PUBLISH goes out without node-redis's per-command timeout, so the backend's PING probe must
 * notice: publishes fail at once and the backend is not ready while Redis is silent, and all is
 * as before once it answers again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PubSubBackend } from '../../src/cluster/backend.js';
import { createRedisBackend } from '../../src/cluster/redis-backend.js';
import { needs } from '../helpers/needs.js';
import { eventually } from './harness.js';
import { RedisServer } from './redis-server.js';

const hasRedis = await needs('redis-server');
const BYTES = new Uint8Array([1, 2, 3]);

describe.skipIf(!hasRedis)('Redis backend under a frozen Redis', () => {
  let redis: RedisServer;
  let backend: PubSubBackend;

  beforeAll(async () => {
    redis = await RedisServer.start();
    backend = createRedisBackend({ url: redis.url, commandTimeout: 300, maxReconnectDelay: 100 });
    await backend.connect(() => {});
  });

  afterAll(async () => {
    redis.resume();
    await backend.close();
    await redis.stop();
  });

  it('fails publishes at once and reports not ready while a PING goes unanswered, then recovers', async () => {
    await backend.publish('stall:c', BYTES);
    expect(backend.notReadyReason()).toBeUndefined();

    redis.pause();
    await eventually(() => expect(backend.notReadyReason()).toMatch(/redis not answering/));
    const refused = Date.now();
    await expect(backend.publish('stall:c', BYTES)).rejects.toThrow(/redis not answering/);
    // Refused on the spot, not after a wait for Redis.
    expect(Date.now() - refused).toBeLessThan(100);

    redis.resume();
    await eventually(() => backend.notReadyReason() === undefined);
    await expect(backend.publish('stall:c', BYTES)).resolves.toBe(0);
  });
});
