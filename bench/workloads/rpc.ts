/** RPC round trips: one echo callee, C callers with O calls outstanding each. */
import type { DriverName } from '../drivers/index.js';
import type { BenchClient } from '../drivers/types.js';
import { makePayload, readStamp } from '../payload.js';
import { connectMany } from './connect.js';
import { cpuMeter, round, summarize } from './stats.js';

export interface RpcJob {
  readonly url: string;
  /** The broker's pid, to measure its CPU over the same interval as the generator's. */
  readonly brokerPid?: number;
  /** A cluster row: the callee's node (the callers' is `url`), and its pid. */
  readonly calleeUrl?: string;
  readonly peerPid?: number;
  readonly driver: DriverName;
  readonly callers: number;
  readonly outstanding: number;
  readonly calls: number;
}

const PROCEDURE = 'bench.echo';

async function callLoop(
  client: BenchClient,
  caller: number,
  budget: { left: number },
  latencies: number[],
  errors: { count: number },
) {
  const call = client.call?.bind(client);
  if (!call) throw new Error('driver has no call()');
  while (budget.left > 0) {
    budget.left--;
    const payload = makePayload(budget.left, caller);
    try {
      const answer = await call(PROCEDURE, payload);
      if (answer !== payload) errors.count++;
      latencies.push(Number(process.hrtime.bigint() - readStamp(payload).sentNs) / 1e6);
    } catch {
      errors.count++;
    }
  }
}

export async function rpc(job: RpcJob) {
  const [callee] = await connectMany(job.calleeUrl ?? job.url, [job.driver]);
  await callee?.registerEcho?.(PROCEDURE);
  const callers = await connectMany(
    job.url,
    Array.from({ length: job.callers }, () => job.driver),
  );
  // Warm-up: one call per caller.
  await Promise.all(callers.map((client) => client.call?.(PROCEDURE, makePayload(0, 0))));
  const budget = { left: job.calls };
  const errors = { count: 0 };
  const latencies: number[] = [];
  const cpu = cpuMeter(job.brokerPid, job.peerPid);
  const started = process.hrtime.bigint();
  await Promise.all(
    callers.flatMap((client, caller) =>
      Array.from({ length: job.outstanding }, () => callLoop(client, caller, budget, latencies, errors)),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuFigures = cpu();
  for (const client of [callee, ...callers]) client?.close();
  return {
    callsPerSecond: Math.round(job.calls / seconds),
    seconds: round(seconds, 3),
    errors: errors.count,
    latencyMs: summarize([Float64Array.from(latencies)]),
    ...cpuFigures,
  };
}
