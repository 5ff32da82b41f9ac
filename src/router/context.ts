/**
 * Router options beyond the fixed contract in types.ts: error reporting for handlers that throw,
 * and the scale-out engine.
 */

import type { AccessPolicy } from './access/policy.js';
import type { PayloadContracts } from './contract-hooks.js';
import type { LifecycleEvents } from './lifecycle-events.js';
import type { Engine, EngineStatus } from './ports.js';
import type { RouterTraffic } from './traffic.js';
import type { RouterLimits } from './types.js';

/** Where a failing handler was called from, so an operator can tell which one broke. */
export interface RouterErrorContext {
  readonly kind: 'delivery' | 'queue-delivery' | 'invocation' | 'progress' | 'event';
  readonly realm: string;
  /** Topic, queue or procedure name. */
  readonly name?: string;
  /** The session whose handler threw. */
  readonly sessionId?: number;
}

/** Receives errors thrown by handlers; the router never lets them stop delivery to others. */
export type RouterErrorHandler = (err: unknown, context: RouterErrorContext) => void;

export const DEFAULT_LIMITS: RouterLimits = {
  maxQueueLength: 10_000,
  maxSubscriptionsPerSession: 1000,
  maxRegistrationsPerSession: 1000,
  maxPendingCallsPerSession: 1000,
  maxRealms: 100,
  maxQueuesPerRealm: 1000,
  maxQueuedBytes: 64 * 1024 * 1024,
  queueMessageTtl: 24 * 60 * 60 * 1000,
};

/** The default hook: an error escaping a handler must stay visible, never be swallowed. */
export const reportToConsole: RouterErrorHandler = (err, context) => {
  console.error('junction router: handler failed', context, err);
};

/** Counters of one router, read by operators (admin API rates) and tests. */
export interface RouterStats {
  /** Subscriptions examined by the last publish on any realm (for the O(segments + matches) test). */
  examined: number;
  /** Publishes accepted on this node, from clients and code (not those arriving from other nodes). */
  published: number;
  /** Deliveries to subscriptions on this node, local and remote publishes alike. */
  delivered: number;
  /** Messages stored on queues from this node. */
  enqueued: number;
}

/** Receives the engine's outage reports (EngineHost.reportStatus). */
export type EngineStatusHandler = (status: EngineStatus) => void;

/** The default: one line on stderr per report (a broker passes its logger instead). */
export const reportStatusToConsole: EngineStatusHandler = (status) => {
  console.error('junction engine:', status);
};

/** State shared by every realm of one router (no module-level state: one per createRouter). */
export interface RouterContext {
  readonly limits: RouterLimits;
  /** Traffic counters (see RouterStats); `examined` is reset by every publish. */
  readonly stats: RouterStats;
  /** Publishes, deliveries and calls per protocol, read by metrics at scrape time. */
  readonly traffic: RouterTraffic;
  /** Router-scope ids (WAMP): one sequence for subscriptions, one for registrations. */
  readonly nextSubscriptionId: () => number;
  readonly nextRegistrationId: () => number;
  readonly onError: RouterErrorHandler;
  readonly onEngineStatus: EngineStatusHandler;
  /** Where messages and calls go beyond this node. */
  readonly engine: Engine;
  /** Subscription and registration lifecycle listeners (meta APIs). */
  readonly events: LifecycleEvents;
  /** Who may publish, subscribe, call and register what (issue 11): one decision for every protocol. */
  readonly access: AccessPolicy;
  /** Payload contracts, when the router has any to check. */
  readonly contracts?: PayloadContracts;
  /** How the broker ends one of its sessions when another node's operator asks (RouterOptions). */
  readonly killSession?: (id: number, reason: string) => boolean;
}
