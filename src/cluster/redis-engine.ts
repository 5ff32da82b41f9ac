/**
 * The Redis engine: several Junction nodes on one Redis (`--redis redis://127.0.0.1:6379`).
 * Pub/sub only; see docs/cluster.md for the topology and the delivery guarantees.
 */
import { ChannelEngine, type ChannelEngineOptions } from './channel-engine.js';
import { createRedisBackend, type RedisBackendOptions } from './redis-backend.js';

export type RedisEngineOptions = ChannelEngineOptions & RedisBackendOptions;

/**
 * Creates one node's Redis engine; pass it to `createJunction({ engine })`.
 *
 * @example
 * const engine = createRedisEngine({ url: 'redis://127.0.0.1:6379', nodeId: 'node-1' });
 * const junction = createJunction({ protocols: [jsonrpc()], engine });
 * await junction.listen();
 */
export function createRedisEngine(options: RedisEngineOptions): ChannelEngine {
  return new ChannelEngine(createRedisBackend(options), options);
}
