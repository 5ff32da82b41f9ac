/**
 * Fan-out: one publisher, N subscribers on one topic, M messages sent as fast as the slowest
 * subscriber keeps up (a bounded window), optionally at a fixed rate for latency runs.
 */
import type { DriverName } from '../drivers/index.js';
import type { BenchClient } from '../drivers/types.js';
import { makePayload } from '../payload.js';
import { connectMany, cycle } from './connect.js';
import { cpuMeter, DeliveryLog, deliverySummary, summarize, waitUntil } from './stats.js';

export interface FanoutJob {
  readonly url: string;
  /** The broker's pid, to measure its CPU over the same interval as the generator's. */
  readonly brokerPid?: number;
  /** A cluster row: the subscribers' node (the publisher's is `url`), and its pid. */
  readonly subscriberUrl?: string;
  readonly peerPid?: number;
  readonly publisher: DriverName;
  readonly subscribers: readonly DriverName[];
  readonly subscriberCount: number;
  readonly messages: number;
  /** Messages per second; absent = as fast as possible within the window. */
  readonly rate?: number;
  /**
   * Messages the publisher may run ahead of the slowest subscriber (default 200); 0 = no window,
   * only the publisher's socket backpressure, as the reference generators in ../shared/bench.
   */
  readonly window?: number;
  /**
   * Lean clients only: a flood of unmeasured messages for this long (ms) before the measurement,
   * for rows that compare configurations with different amounts of code to warm (the cluster row).
   */
  readonly warmUpMs?: number;
}

const TOPIC = 'bench.fanout';

async function warmUp(publisher: BenchClient, logs: { warm: boolean }[]): Promise<void> {
  let seq = -1;
  while (logs.some((log) => !log.warm)) {
    publisher.publish(TOPIC, makePayload(seq--, 0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (seq < -500) throw new Error('warm-up: some subscribers never received a message');
  }
}

async function publishPaced(job: FanoutJob, publisher: BenchClient, slowest: () => number): Promise<void> {
  const window = job.window ?? 200;
  let sent = 0;
  const started = Date.now();
  while (sent < job.messages) {
    const due =
      job.rate === undefined
        ? job.messages
        : Math.min(job.messages, Math.floor(((Date.now() - started) / 1000) * job.rate) + 1);
    const limit = job.rate === undefined && window > 0 ? Math.min(due, slowest() + window) : due;
    while (sent < limit) publisher.publish(TOPIC, makePayload(sent++, 1));
    await new Promise((resolve) => (job.rate === undefined ? setImmediate(resolve) : setTimeout(resolve, 1)));
  }
}

export async function fanout(job: FanoutJob) {
  const subscribers = await connectMany(job.subscriberUrl ?? job.url, cycle(job.subscribers, job.subscriberCount));
  const [publisher] = await connectMany(job.url, [job.publisher]);
  const logs = subscribers.map(() =>
    Object.assign(new DeliveryLog(job.messages, job.rate !== undefined), { warm: false }),
  );
  await Promise.all(
    subscribers.map((client, i) =>
      client.subscribe(TOPIC, (payload) => {
        const log = logs[i] as DeliveryLog & { warm: boolean };
        if (!log.record(payload, (seq) => seq)) log.warm = true;
      }),
    ),
  );
  await warmUp(publisher as BenchClient, logs);
  const cpu = cpuMeter(job.brokerPid, job.peerPid);
  const started = process.hrtime.bigint();
  const expected = job.messages * subscribers.length;
  const total = () => logs.reduce((sum, log) => sum + log.received, 0);
  await publishPaced(job, publisher as BenchClient, () => Math.min(...logs.map((log) => log.received)));
  const complete = await waitUntil(() => total() >= expected, 30_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuFigures = cpu();
  for (const client of [...subscribers, publisher]) client?.close();
  return {
    ...deliverySummary(logs, expected, seconds),
    complete,
    ...(job.rate === undefined ? {} : { latencyMs: summarize(logs.map((log) => log.latencies())) }),
    ...cpuFigures,
  };
}
