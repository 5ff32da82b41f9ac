/**
 * Room `cluster`: the scale-out engines that implement the router's ports over a pub/sub
 * service: Redis, and the in-process bus for multi-node tests. May import the router (its ports
 * and vocabulary), `payload`, `common` and `errors`; never the server, contracts or protocols.
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
