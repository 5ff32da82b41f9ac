/** The benchmark suite: which workload runs against which targets, with what parameters. */
import { type Target, targets } from './targets.js';

export interface Scenario {
  /** Identifies the row group in the report. */
  readonly name: string;
  readonly workload: 'fanout' | 'latency' | 'many' | 'rpc' | 'idle' | 'flood';
  /** The headline metric of the result object. */
  readonly metric: 'deliveriesPerSecond' | 'callsPerSecond' | 'bytesPerConnection' | 'latencyMs.p99';
  readonly targets: readonly Target[];
  readonly job: Record<string, unknown>;
  /** Repetitions (the median is reported); latency and idle runs are long enough once. */
  readonly repeat?: number;
}

const protocols = [targets.stomp, targets.wampJson, targets.wampMsgpack, targets.jsonrpc];
const fanoutTargets = [targets.relayFanout, targets.relayFanoutCork, ...protocols, targets.rabbitmq];
const rpcTargets = [
  targets.relayReqres,
  targets.relayReqresCork,
  targets.wampJson,
  targets.wampMsgpack,
  targets.jsonrpc,
];

/** The target's broker with the default inbound rate limits (the others raise them: servers/junction.ts). */
const withDefaultLimits = (target: Target): Target => ({
  ...target,
  server: { script: 'junction.js', args: ['default-limits'] },
});

export const suite: readonly Scenario[] = [
  {
    name: 'fan-out 100 × 2000',
    workload: 'fanout',
    metric: 'deliveriesPerSecond',
    targets: fanoutTargets,
    job: { subscriberCount: 100, messages: 2000, window: 0 },
  },
  {
    name: 'fan-out 1000 × 200',
    workload: 'fanout',
    metric: 'deliveriesPerSecond',
    targets: fanoutTargets,
    job: { subscriberCount: 1000, messages: 200, window: 0 },
  },
  {
    name: 'cross-protocol fan-out 100 × 2000 (STOMP publisher; STOMP, WAMP, JSON-RPC subscribers)',
    workload: 'fanout',
    metric: 'deliveriesPerSecond',
    targets: [{ ...targets.stomp, name: 'junction mixed' }],
    job: { subscriberCount: 100, messages: 2000, subscribers: ['stomp', 'wamp.2.json', 'jsonrpc'] },
  },
  {
    name: 'latency 100 subscribers at 100 msg/s, 5 s',
    workload: 'latency',
    metric: 'latencyMs.p99',
    targets: [targets.relayFanoutCork, targets.stomp, targets.wampJson, targets.jsonrpc, targets.rabbitmq],
    job: { subscriberCount: 100, messages: 500, rate: 100 },
    repeat: 1,
  },
  {
    name: 'latency 100 subscribers at 1000 msg/s, 5 s',
    workload: 'latency',
    metric: 'latencyMs.p99',
    targets: [targets.relayFanoutCork, targets.stomp, targets.wampJson, targets.jsonrpc, targets.rabbitmq],
    job: { subscriberCount: 100, messages: 5000, rate: 1000 },
    repeat: 1,
  },
  {
    name: 'many-to-many 100 publishers → 100 topics × 1000',
    workload: 'many',
    metric: 'deliveriesPerSecond',
    targets: [...protocols, targets.rabbitmq],
    job: { publishers: 100, messagesPerPublisher: 1000 },
  },
  {
    name: 'RPC, 1 sequential caller',
    workload: 'rpc',
    metric: 'callsPerSecond',
    targets: rpcTargets,
    // About five seconds, as the reference generator's 1 × 1 row: a round trip here is mostly
    // wake-ups, and 5,000 calls (a second) left the p50 to the machine's mood.
    job: { callers: 1, outstanding: 1, calls: 20_000 },
  },
  {
    name: 'RPC, 10 callers × 10 outstanding',
    workload: 'rpc',
    metric: 'callsPerSecond',
    targets: rpcTargets,
    // About five seconds of Junction's calls, as the reference generator measures (shorter runs ended
    // before the first full GC and overstated the sustained rate by up to a third).
    job: { callers: 10, outstanding: 10, calls: 600_000 },
  },
  {
    name: 'RPC, 50 concurrent callers',
    workload: 'rpc',
    metric: 'callsPerSecond',
    targets: rpcTargets,
    job: { callers: 50, outstanding: 1, calls: 20_000 },
  },
  {
    // Issue 12: the loaded p99 should stay within 10× the quiet p99 of the same run (details: ×).
    name: 'RPC p99 while 1 STOMP client floods a topic with 10 subscribers as fast as TCP allows',
    workload: 'flood',
    metric: 'latencyMs.p99',
    targets: [targets.jsonrpc, targets.wampJson].map(withDefaultLimits),
    job: { subscriberCount: 10, calls: 5000 },
    repeat: 1,
  },
  {
    // Issue 13 point 6: one node with Redis attached, and the publisher on node A with the
    // subscribers on node B, against the same node without Redis.
    name: 'cluster fan-out through Redis 10 × 50,000',
    workload: 'fanout',
    metric: 'deliveriesPerSecond',
    targets: [targets.wampJson, targets.wampJsonRedis, targets.wampJsonCluster],
    // Each configuration warms its JITs first: the flood itself lasts about half a second.
    job: { subscriberCount: 10, messages: 50_000, window: 0, warmUpMs: 1000 },
  },
  {
    // Issue 13 point 6: the callers on node A, the callee on node B.
    name: 'cross-node RPC, 10 callers × 10 outstanding',
    workload: 'rpc',
    metric: 'callsPerSecond',
    targets: [targets.wampJson, targets.wampJsonCluster],
    job: { callers: 10, outstanding: 10, calls: 50_000 },
  },
  {
    name: 'idle connections (logged in, one subscription each)',
    workload: 'idle',
    metric: 'bytesPerConnection',
    targets: [targets.relayFanout, targets.stomp, targets.wampJson, targets.jsonrpc, targets.rabbitmq],
    job: { connections: 10_000 },
    repeat: 1,
  },
];
