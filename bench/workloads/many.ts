/** Many-to-many: P publishers each on its own topic, one subscriber per topic. */
import type { DriverName } from '../drivers/index.js';
import { makePayload } from '../payload.js';
import { connectMany } from './connect.js';
import { cpuMeter, DeliveryLog, deliverySummary, waitUntil } from './stats.js';

export interface ManyJob {
  readonly url: string;
  /** The broker's pid, to measure its CPU over the same interval as the generator's. */
  readonly brokerPid?: number;
  readonly driver: DriverName;
  readonly publishers: number;
  readonly messagesPerPublisher: number;
}

export async function manyToMany(job: ManyJob) {
  const names = Array.from({ length: job.publishers }, () => job.driver);
  const subscribers = await connectMany(job.url, names);
  const publishers = await connectMany(job.url, names);
  const logs = subscribers.map(() => new DeliveryLog(job.messagesPerPublisher));
  const warm = subscribers.map(() => false);
  await Promise.all(
    subscribers.map((client, i) =>
      client.subscribe(`bench.many.t${i}`, (payload) => {
        if (!logs[i]?.record(payload, (seq) => seq)) warm[i] = true;
      }),
    ),
  );
  for (let round = 0; warm.includes(false); round++) {
    for (const [i, client] of publishers.entries()) client.publish(`bench.many.t${i}`, makePayload(-1 - round, i));
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (round > 200) throw new Error('warm-up failed');
  }
  const cpu = cpuMeter(job.brokerPid);
  const started = process.hrtime.bigint();
  const received = () => logs.reduce((sum, log) => sum + log.received, 0);
  const expected = job.publishers * job.messagesPerPublisher;
  for (let seq = 0; seq < job.messagesPerPublisher; seq++) {
    for (const [i, client] of publishers.entries()) client.publish(`bench.many.t${i}`, makePayload(seq, i));
    // Keep at most ~200 messages per publisher in flight.
    if (seq % 50 === 49) await waitUntil(() => received() >= (seq - 200) * job.publishers, 30_000);
  }
  const complete = await waitUntil(() => received() >= expected, 30_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuFigures = cpu();
  for (const client of [...subscribers, ...publishers]) client.close();
  return { ...deliverySummary(logs, expected, seconds), complete, ...cpuFigures };
}
