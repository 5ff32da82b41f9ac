/** The scale-out engines: memory (default), the in-process bus (tests) and Redis. */
export { BusTransport, createBusEngine, globToRegExp, MemoryBus } from './bus-engine.js';
export { ChannelEngine, type ChannelEngineOptions } from './channel-engine.js';
export type {
  Engine,
  EngineHost,
  EngineStats,
  RemoteCall,
  RemoteCallReply,
  RemoteCallRequest,
  RemoteRegistration,
} from './engine.js';
export { createMemoryEngine } from './memory-engine.js';
export { createRedisEngine, type RedisEngineOptions } from './redis-engine.js';
export {
  createRedisTransport,
  type RedisPubSubClient,
  type RedisTransportOptions,
  redisTransportFromClients,
} from './redis-transport.js';
export type { PubSubTransport } from './transport.js';
