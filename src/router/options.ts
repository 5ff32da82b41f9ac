/**
 * Router options beyond the fixed contract in types.ts: error reporting for handlers that throw,
 * and the scale-out engine.
 */
import type { Engine } from '../cluster/engine.js';
import type { PayloadContracts } from './contract-hooks.js';
import type { RouterLimits, RouterOptions } from './types.js';

/** Where a failing handler was called from, so an operator can tell which one broke. */
export interface RouterErrorContext {
  readonly kind: 'delivery' | 'queue-delivery' | 'invocation' | 'progress' | 'event' | 'cluster';
  readonly realm: string;
  /** Topic, queue or procedure name; for 'cluster', the engine operation that failed. */
  readonly name?: string;
  /** The session whose handler threw. */
  readonly sessionId?: number;
}

/** Receives errors thrown by handlers; the router never lets them stop delivery to others. */
export type RouterErrorHandler = (err: unknown, context: RouterErrorContext) => void;

/** Options of `createRouter`: the contract's RouterOptions plus an error hook. */
export interface JunctionRouterOptions extends RouterOptions {
  /** Called when a delivery, queue, callee or event handler throws. Default: console.error. */
  readonly onError?: RouterErrorHandler;
  /** The scale-out engine (src/cluster/). Default: the memory engine (one node, no service). */
  readonly engine?: Engine;
  /** Payload contracts checked on publish and call (src/contracts.ts). Default: none. */
  readonly contracts?: PayloadContracts;
}

export const DEFAULT_LIMITS: RouterLimits = {
  maxQueueLength: 10_000,
  maxSubscriptionsPerSession: 1000,
  maxRegistrationsPerSession: 1000,
  maxPendingCallsPerSession: 1000,
};

/** The default hook: an error escaping a handler must stay visible, never be swallowed. */
export const reportToConsole: RouterErrorHandler = (err, context) => {
  console.error('junction router: handler failed', context, err);
};

/** State shared by every realm of one router (no module-level state: one per createRouter). */
export interface RouterContext {
  readonly limits: RouterLimits;
  /** Reset by every publish; counts the subscriptions the index handed to the publish. */
  readonly stats: { examined: number };
  /** Router-scope ids (WAMP): one sequence for subscriptions, one for registrations. */
  readonly nextSubscriptionId: () => number;
  readonly nextRegistrationId: () => number;
  readonly onError: RouterErrorHandler;
  /** Where messages and calls go beyond this node. */
  readonly engine: Engine;
  /** Payload contracts, when the router has any to check. */
  readonly contracts?: PayloadContracts;
}
