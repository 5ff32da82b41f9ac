/**
 * Room `cluster`: the scale-out engines that implement the router's ports (src/router/ports.ts)
 * over a pub/sub service: Redis, and the in-process bus for multi-node tests.
 *
 * The rule of the room: the cluster may import the router (its ports and vocabulary), `payload`,
 * `common` and `errors`; the router never imports the cluster (it owns its ports and is given an
 * engine), and the cluster never imports the server, contracts or protocols
 * (test/core/layering.test.ts enforces both).
 *
 * Layout: channel-engine.ts (lifecycle, liveness, dispatch) over node-link.ts (what the ports
 * share), one module per port (channel-topics.ts, channel-calls.ts, channel-queues.ts,
 * channel-sessions.ts), and the backends (redis-backend.ts, bus-engine.ts).
 */

export { createMemoryEngine } from '../router/memory-engine.js';
export type {
  Engine,
  EngineHost,
  EngineStats,
  RemoteCall,
  RemoteCallReply,
  RemoteCallRequest,
  RemoteRegistration,
} from '../router/ports.js';
export type { PubSubBackend } from './backend.js';
export { BusBackend, createBusEngine, globToRegExp, MemoryBus } from './bus-engine.js';
export { ChannelEngine, type ChannelEngineOptions } from './channel-engine.js';
export {
  createRedisBackend,
  type RedisBackendOptions,
  type RedisPubSubClient,
  redisBackendFromClients,
} from './redis-backend.js';
export { createRedisEngine, type RedisEngineOptions } from './redis-engine.js';
