/**
 * Room `router`: realms of topics, queues and procedures shared by every protocol, one call
 * lifecycle for local and remote callees, and the engine ports (ports.ts) that a scale-out engine
 * implements, with the single-node memory engine. May import `payload`, `common` and `errors`;
 * never `cluster` (the server hands an engine in), the server, contracts or protocols.
 */

export type { EngineStatusHandler, RouterErrorContext, RouterErrorHandler, RouterStats } from './context.js';
export { createMemoryEngine } from './memory-engine.js';
export { isReservedTopic, validatePattern, validateTopic } from './patterns/topic-pattern.js';
export type * from './ports.js';
export {
  createRouter,
  LOCAL_IDENTITY,
  NO_SUCH_REALM,
  type Router,
  type RouterEvents,
  type RouterOptions,
  type SessionEvent,
} from './router.js';
export {
  CALL_DURATION_BUCKETS,
  CALL_OUTCOMES,
  type CallOutcome,
  type DurationHistogram,
  type ProtocolTraffic,
  RouterTraffic,
} from './traffic.js';
export * from './types.js';
