/**
 * The router's public surface: the contract (types.ts), `createRouter` and its extensions.
 */

export type { JunctionRouterOptions, RouterErrorContext, RouterErrorHandler } from './options.js';
export type { QueueSnapshot } from './queue.js';
export type { JunctionRealmView } from './realm.js';
export {
  createRouter,
  type JunctionRouter,
  LOCAL_IDENTITY,
  NO_SUCH_REALM,
  type RouterEvents,
  type SessionEvent,
} from './router.js';
export { validatePattern, validateTopic } from './topic-pattern.js';
export * from './types.js';
