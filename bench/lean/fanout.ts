/**
 * Fan-out with lean clients: same job and result as workloads/fanout.ts, but every delivery costs
 * the generator a body lookup and three digit reads, and every publish one template copy.
 */
import { cpuMeter } from '../cpu.js';
import type { FanoutJob } from '../workloads/fanout.js';
import { DeliveryLog, deliverySummary, summarize, waitUntil } from '../workloads/stats.js';
import { bodyAgeMs, bodyKind, bodySeq, bodySource, DATA, WARM } from './body.js';
import { connectLeanMany, leanDriver } from './index.js';
import type { LeanClient, LeanDriver } from './types.js';

const TOPIC = 'bench.fanout';
/** Bytes queued in the publisher's socket before it waits for 'drain'. */
const HIGH_WATER = 1 << 20;
const BATCH = 256;

type Log = DeliveryLog & { warm: boolean; warmSeen: number; unparsed: number };

/** The lean drivers for a fan-out job, or undefined if one of its clients has none. */
export function leanFanoutDrivers(job: FanoutJob): { publisher: LeanDriver; subscribers: LeanDriver[] } | undefined {
  const publisher = leanDriver('fanout', job.publisher);
  const names = Array.from({ length: job.subscriberCount }, (_, i) => job.subscribers[i % job.subscribers.length]);
  const subscribers = names.map((name) => (name === undefined ? undefined : leanDriver('fanout', name)));
  if (!publisher || subscribers.some((d) => d === undefined)) return undefined;
  return { publisher, subscribers: subscribers as LeanDriver[] };
}

function onDelivery(log: Log): (buf: Buffer, at: number) => void {
  return (buf, at) => {
    if (at === -1) return void log.unparsed++;
    const kind = bodyKind(buf, at);
    if (kind === WARM) {
      log.warm = true;
      log.warmSeen++;
    } else if (kind === DATA) {
      const seq = bodySeq(buf, at);
      log.recordSeq(seq, seq, bodySource(buf, at), log.keepsLatency ? bodyAgeMs(buf, at) : 0);
    } else log.unparsed++;
  };
}

async function warmUp(publisher: LeanClient, logs: readonly Log[]): Promise<void> {
  for (let round = 0; logs.some((log) => !log.warm); round++) {
    if (round > 500) throw new Error('warm-up: some subscribers never received a message');
    publisher.publish?.(TOPIC, WARM, round, 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The job's `warmUpMs`: the same flood, unmeasured, for that long (JIT, socket buffers, as
 * lean/rpc.ts does for calls), never more than a few batches ahead of the slowest subscriber, then
 * until every warm-up delivery arrived, so the measurement starts in the steady state and clean.
 */
async function warmSteady(publisher: LeanClient, logs: readonly Log[], warmUpMs: number): Promise<void> {
  const base = logs.map((log) => log.warmSeen);
  const slowest = () => Math.min(...logs.map((log, i) => log.warmSeen - (base[i] as number)));
  const until = Date.now() + warmUpMs;
  let sent = 0;
  while (Date.now() < until) {
    for (let i = 0; i < BATCH; i++) publisher.publish?.(TOPIC, WARM, sent++, 0);
    if (!(await waitUntil(() => slowest() >= sent - 4 * BATCH, 10_000))) throw new Error('warm-up: deliveries stalled');
  }
  if (!(await waitUntil(() => slowest() >= sent, 10_000))) throw new Error('warm-up: deliveries stalled');
}

async function publishPaced(job: FanoutJob, publisher: LeanClient, slowest: () => number): Promise<void> {
  const window = job.window ?? 200;
  let sent = 0;
  const started = Date.now();
  while (sent < job.messages) {
    const due =
      job.rate === undefined
        ? job.messages
        : Math.min(job.messages, Math.floor(((Date.now() - started) / 1000) * job.rate) + 1);
    const limit = job.rate === undefined && window > 0 ? Math.min(due, slowest() + window) : due;
    // At most a batch per turn, so the subscribers' reads interleave with the publishing.
    const batch = Math.min(limit, sent + BATCH);
    while (sent < batch) publisher.publish?.(TOPIC, DATA, sent++, 1);
    if (publisher.socket.buffered > HIGH_WATER) await publisher.socket.drained();
    await new Promise((resolve) => (job.rate === undefined ? setImmediate(resolve) : setTimeout(resolve, 1)));
  }
}

export async function leanFanout(job: FanoutJob, drivers: { publisher: LeanDriver; subscribers: LeanDriver[] }) {
  const subscribers = await connectLeanMany(job.subscriberUrl ?? job.url, drivers.subscribers);
  const [publisher] = (await connectLeanMany(job.url, [drivers.publisher])) as [LeanClient];
  const logs = subscribers.map(() =>
    Object.assign(new DeliveryLog(job.messages, job.rate !== undefined), { warm: false, warmSeen: 0, unparsed: 0 }),
  );
  await Promise.all(subscribers.map((client, i) => client.subscribe?.(TOPIC, onDelivery(logs[i] as Log))));
  await warmUp(publisher, logs);
  if (job.warmUpMs !== undefined) await warmSteady(publisher, logs, job.warmUpMs);
  const cpu = cpuMeter(job.brokerPid, job.peerPid);
  const started = process.hrtime.bigint();
  const expected = job.messages * subscribers.length;
  const total = () => logs.reduce((sum, log) => sum + log.received, 0);
  await publishPaced(job, publisher, () => Math.min(...logs.map((log) => log.received)));
  const complete = await waitUntil(() => total() >= expected, 30_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuFigures = cpu();
  for (const client of [...subscribers, publisher]) client.close();
  return {
    ...deliverySummary(logs, expected, seconds),
    complete,
    unparsed: logs.reduce((sum, log) => sum + log.unparsed, 0),
    ...(job.rate === undefined ? {} : { latencyMs: summarize(logs.map((log) => log.latencies())) }),
    ...cpuFigures,
    lean: true,
  };
}
