/**
 * The broker's Prometheus metrics (docs/operations.md "Metrics"), on a Registry of its own: several
 * brokers run in one test process, and prom-client's global registry would mix them. Nothing is
 * counted here: every value is a plain counter kept where the event happens (router/traffic.ts,
 * session-counters.ts, the session registry's stats), read by `collect()` when Prometheus scrapes.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Router } from '../router/router.js';
import { CALL_DURATION_BUCKETS, CALL_OUTCOMES } from '../router/traffic.js';
import { registerCollectedHistogram } from './metrics-histogram.js';
import type { SessionRegistry } from './session-registry.js';

/** What the metrics are read from. */
export interface MetricsSources {
  readonly router: Router;
  readonly sessions: SessionRegistry;
  /** Whether the engine serves (the memory engine always does). */
  engineUp(): boolean;
}

/** A counter or gauge whose values are set from `read()` at each scrape. */
function collected<L extends string>(
  kind: typeof Counter | typeof Gauge,
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: (set: (labels: Partial<Record<L, string>>, value: number) => void) => void,
): void {
  new kind<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      // Reset first: a label set that disappeared (a realm without queues) must not linger.
      this.reset();
      read((labels, value) => {
        if (this instanceof Counter) this.inc(labels, value);
        else (this as Gauge<L>).set(labels, value);
      });
    },
  });
}

function sessionMetrics(registry: Registry, { sessions }: MetricsSources): void {
  const { counters, stats } = sessions;
  collected(Gauge, registry, 'junction_connections', 'Sessions open now', ['protocol'], (set) => {
    for (const [protocol, c] of counters.protocols()) set({ protocol }, c.open);
  });
  collected(Counter, registry, 'junction_connections_total', 'Sessions opened', ['protocol'], (set) => {
    for (const [protocol, c] of counters.protocols()) set({ protocol }, c.opened);
  });
  collected(
    Counter,
    registry,
    'junction_messages_received_total',
    'Messages received from clients',
    ['protocol'],
    (set) => {
      for (const [protocol, c] of counters.protocols()) set({ protocol }, c.received);
    },
  );
  collected(Counter, registry, 'junction_closes_total', 'Sessions closed, by close code', ['code'], (set) => {
    for (const [code, count] of counters.closes()) set({ code }, count);
  });
  collected(Counter, registry, 'junction_auth_failures_total', 'Failed logins', ['protocol'], (set) => {
    for (const [protocol, count] of counters.authFailures()) set({ protocol }, count);
  });
  collected(
    Counter,
    registry,
    'junction_slow_consumer_closes_total',
    'Connections closed 1008 as slow consumers',
    [],
    (set) => set({}, stats.slow_consumer),
  );
  collected(
    Counter,
    registry,
    'junction_rate_limited_closes_total',
    'Connections closed 1008 for staying over their inbound rate',
    [],
    (set) => set({}, stats.rate_limited),
  );
}

function routerMetrics(registry: Registry, { router, engineUp }: MetricsSources): void {
  const { traffic } = router;
  collected(
    Counter,
    registry,
    'junction_publishes_total',
    'Messages published to topics or sent to queues',
    ['protocol'],
    (set) => {
      for (const [protocol, t] of traffic.protocols()) set({ protocol }, t.publishes);
    },
  );
  collected(
    Counter,
    registry,
    'junction_deliveries_total',
    'Messages delivered to subscribers and queue consumers',
    ['protocol'],
    (set) => {
      for (const [protocol, t] of traffic.protocols()) set({ protocol }, t.deliveries);
    },
  );
  collected(
    Counter,
    registry,
    'junction_calls_total',
    'Calls made on this node, by outcome',
    ['protocol', 'outcome'],
    (set) => {
      for (const [protocol, t] of traffic.protocols()) {
        for (const outcome of CALL_OUTCOMES) set({ protocol, outcome }, t.calls[outcome]);
      }
    },
  );
  registerCollectedHistogram(
    registry,
    'junction_call_duration_seconds',
    'Time from a call to its outcome, for calls made on this node',
    CALL_DURATION_BUCKETS,
    () => traffic.callDurations,
  );
  collected(Gauge, registry, 'junction_queue_messages', "Messages waiting in this node's queues", ['realm'], (set) => {
    for (const realm of router.realmNames()) set({ realm }, queueTotal(router, realm, 'waiting'));
  });
  collected(
    Gauge,
    registry,
    'junction_queue_unacked_messages',
    'Queue messages delivered and not yet acknowledged',
    ['realm'],
    (set) => {
      for (const realm of router.realmNames()) set({ realm }, queueTotal(router, realm, 'unacked'));
    },
  );
  collected(Gauge, registry, 'junction_engine_up', '1 while the scale-out engine serves, else 0', [], (set) =>
    set({}, engineUp() ? 1 : 0),
  );
}

function queueTotal(router: Router, realm: string, field: 'waiting' | 'unacked'): number {
  let total = 0;
  for (const queue of router.realm(realm)?.queues() ?? []) total += queue[field];
  return total;
}

/**
 * Adds Node's default process metrics (CPU, memory, event-loop lag, GC) to `registry`. Kept apart
 * because prom-client starts an event-loop monitor and a GC observer for each registry and never
 * stops them: the broker adds them on first use of its registry, not for every broker a test
 * process creates and never scrapes.
 */
export function addProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
}

/** The broker's own metrics on a registry of its own (process metrics: `addProcessMetrics`). */
export function createMetricsRegistry(sources: MetricsSources): Registry {
  const registry = new Registry();
  sessionMetrics(registry, sources);
  routerMetrics(registry, sources);
  return registry;
}
