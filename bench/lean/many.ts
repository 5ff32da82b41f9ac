/**
 * Many-to-many with lean clients: same job and result as workloads/many.ts (P publishers, each on
 * its own topic with one subscriber), but deliveries are counted by the lean parsers and publishes
 * are stamped frame templates, so the row measures the broker, not the generator.
 */
import { cpuMeter } from '../cpu.js';
import type { ManyJob } from '../workloads/many.js';
import { DeliveryLog, deliverySummary, waitUntil } from '../workloads/stats.js';
import { bodyKind, bodySeq, bodySource, DATA, WARM } from './body.js';
import { connectLeanMany, leanDriver } from './index.js';

/** Messages a publisher may have in flight beyond what its subscriber received. */
const WINDOW = 200;

export const hasLeanMany = (job: ManyJob): boolean => leanDriver('fanout', job.driver) !== undefined;

export async function leanManyToMany(job: ManyJob) {
  const driver = leanDriver('fanout', job.driver);
  if (!driver) throw new Error(`no lean client for ${job.driver}`);
  const drivers = Array.from({ length: job.publishers }, () => driver);
  const subscribers = await connectLeanMany(job.url, drivers);
  const publishers = await connectLeanMany(job.url, drivers);
  const logs = subscribers.map(() => new DeliveryLog(job.messagesPerPublisher));
  const warm = subscribers.map(() => false);
  let unparsed = 0;
  await Promise.all(
    subscribers.map((client, i) =>
      client.subscribe?.(`bench.many.t${i}`, (buf, at) => {
        const kind = at === -1 ? -1 : bodyKind(buf, at);
        if (kind === WARM) warm[i] = true;
        else if (kind === DATA) {
          const seq = bodySeq(buf, at);
          logs[i]?.recordSeq(seq, seq, bodySource(buf, at), 0);
        } else unparsed++;
      }),
    ),
  );
  for (let round = 0; warm.includes(false); round++) {
    if (round > 200) throw new Error('warm-up failed');
    for (const [i, client] of publishers.entries()) client.publish?.(`bench.many.t${i}`, WARM, round, i);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const cpu = cpuMeter(job.brokerPid);
  const started = process.hrtime.bigint();
  const received = () => logs.reduce((sum, log) => sum + log.received, 0);
  const expected = job.publishers * job.messagesPerPublisher;
  for (let seq = 0; seq < job.messagesPerPublisher; seq++) {
    for (const [i, client] of publishers.entries()) client.publish?.(`bench.many.t${i}`, DATA, seq, i);
    if (seq % 50 === 49) {
      await waitUntil(() => received() >= (seq - WINDOW) * job.publishers, 30_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const complete = await waitUntil(() => received() >= expected, 30_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuFigures = cpu();
  for (const client of [...subscribers, ...publishers]) client.close();
  return { ...deliverySummary(logs, expected, seconds), complete, unparsed, ...cpuFigures, lean: true };
}
