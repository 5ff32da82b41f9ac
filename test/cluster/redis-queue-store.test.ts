/**
 * The Redis queue store's scripts on a private redis-server: they run by SHA1 and are sent whole
 * again when Redis forgot them (SCRIPT FLUSH, as after a restart); the realm tally a push counts
 * is given back by a take of an expired entry, a remove and a purge, leaving no key behind.
 */
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEntry } from '../../src/cluster/queue-store.js';
import { type RedisListClient, RedisQueueStore } from '../../src/cluster/redis-queue-store.js';
import { needs } from '../helpers/needs.js';
import { RedisServer } from './redis-server.js';

const hasRedis = await needs('redis-server');
const BOUNDS = { maxQueueLength: 10, maxQueuesPerRealm: 10, maxQueuedBytes: 1000 };
const TALLY = { queues: 'qt:r', bytes: 'qb:r', queuePrefix: 'q:r:' };

describe.skipIf(!hasRedis)('Redis queue store', () => {
  let redis: RedisServer;
  let client: ReturnType<typeof createClient>;
  let store: RedisQueueStore;
  beforeAll(async () => {
    redis = await RedisServer.start();
    client = createClient({ url: redis.url });
    await client.connect();
    store = new RedisQueueStore(
      client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) as unknown as RedisListClient,
    );
  }, 20_000);
  afterAll(async () => {
    await client?.close();
    await redis?.stop();
  });

  it('runs its scripts again after Redis forgot them, and releases every share it counted', async () => {
    const now = Date.now();
    const entry = (bytes: number, expires = 0) => makeEntry(bytes, expires, new Uint8Array([0x80]));
    await client.scriptFlush();
    expect(await store.push('q:r:a', TALLY, 'a', entry(100, now + 50), BOUNDS, now)).toBeUndefined();
    expect(await store.push('q:r:b', TALLY, 'b', entry(200), BOUNDS, now)).toBeUndefined();
    expect(await store.push('q:r:b', TALLY, 'b', entry(300), BOUNDS, now)).toBeUndefined();
    expect(await client.get('qb:r')).toBe('600');
    expect(await client.hGetAll('qt:r')).toEqual({ a: '1', b: '2' });
    expect(await store.push('q:r:b', TALLY, 'b', entry(401), BOUNDS, now)).toEqual({
      limit: 'maxQueuedBytes',
      held: 600,
    });
    await client.scriptFlush();
    // Expired by `now + 100`: dropped, not taken.
    expect(await store.take('q:r:a', 'qp:a', 'qn', 'origin', TALLY, 'a', now + 100)).toBeUndefined();
    const taken = await store.take('q:r:b', 'qp:b', 'qn', 'origin', TALLY, 'b', now + 100);
    expect(taken).toBeDefined();
    await store.remove('qp:b', taken!, TALLY, 'b');
    expect(await store.purge('q:r:b', TALLY, 'b')).toBe(1);
    expect(await client.exists(['qt:r', 'qb:r', 'q:r:a', 'q:r:b', 'qp:b'])).toBe(0);
  });
});
