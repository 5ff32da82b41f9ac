/**
 * RPC round trips with lean clients: same job and result as workloads/rpc.ts. Each caller keeps
 * `outstanding` calls in flight and sends the next from the result handler, no promise per call.
 */
import { cpuMeter } from '../cpu.js';
import type { RpcJob } from '../workloads/rpc.js';
import { round, summarize } from '../workloads/stats.js';
import { bodyAgeMs, bodyKind, DATA, WARM } from './body.js';
import { connectLeanMany, leanDriver } from './index.js';
import type { LeanClient } from './types.js';

const PROCEDURE = 'bench.echo';
const WARM_UP_MS = 1000;

export const hasLeanRpc = (job: RpcJob): boolean => leanDriver('rpc', job.driver) !== undefined;

export async function leanRpc(job: RpcJob) {
  const driver = leanDriver('rpc', job.driver);
  if (!driver) throw new Error(`no lean RPC client for ${job.driver}`);
  const [callee] = (await connectLeanMany(job.calleeUrl ?? job.url, [driver])) as [LeanClient];
  await callee.registerEcho?.(PROCEDURE);
  const callers = await connectLeanMany(
    job.url,
    Array.from({ length: job.callers }, () => driver),
  );
  const latencies = new Float64Array(job.calls);
  let measured = 0;
  let errors = 0;
  let left = job.calls;
  // Warm-up: the same pipeline runs warm-up calls for WARM_UP_MS (JIT, socket buffers), then every
  // answer is followed by a measured call, so the measurement starts in the steady state.
  let warming = true;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  callers.forEach((client, source) => {
    client.results = (buf, at) => {
      const kind = at === -1 ? -1 : bodyKind(buf, at);
      if (kind === DATA) latencies[measured++] = bodyAgeMs(buf, at);
      else if (kind !== WARM) errors++;
      if (warming) client.call?.(PROCEDURE, WARM, 0, source);
      else if (measured + errors >= job.calls) finish();
      else if (left > 0) client.call?.(PROCEDURE, DATA, --left, source);
    };
  });
  callers.forEach((client, source) => {
    for (let i = 0; i < job.outstanding; i++) client.call?.(PROCEDURE, WARM, 0, source);
  });
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  errors = 0;
  warming = false;
  const cpu = cpuMeter(job.brokerPid, job.peerPid);
  const started = process.hrtime.bigint();
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuFigures = cpu();
  for (const client of [callee, ...callers]) client.close();
  return {
    callsPerSecond: Math.round(job.calls / seconds),
    seconds: round(seconds, 3),
    errors,
    latencyMs: summarize([latencies.subarray(0, measured)]),
    ...cpuFigures,
    lean: true,
  };
}
