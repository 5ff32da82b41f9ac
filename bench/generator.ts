/**
 * A load-generator process: runs one workload against one target and prints one JSON line.
 * Usage: node generator.js '<job json>'  (the orchestrator, bench/run.ts, builds the job)
 */
import { leanFanout, leanFanoutDrivers } from './lean/fanout.js';
import { hasLeanMany, leanManyToMany } from './lean/many.js';
import { hasLeanRpc, leanRpc } from './lean/rpc.js';
import { type FanoutJob, fanout } from './workloads/fanout.js';
import { flood } from './workloads/flood.js';
import { idle } from './workloads/idle.js';
import { type ManyJob, manyToMany } from './workloads/many.js';
import { type RpcJob, rpc } from './workloads/rpc.js';

const job = JSON.parse(process.argv[2] ?? '{}');

/** Fan-out, many-to-many and RPC use the lean clients where the target has one (unless the job says lean: false). */
function leanFanoutOr(fanoutJob: FanoutJob) {
  const drivers = job.lean === false ? undefined : leanFanoutDrivers(fanoutJob);
  return drivers ? leanFanout(fanoutJob, drivers) : fanout(fanoutJob);
}
const leanRpcOr = (rpcJob: RpcJob) => (job.lean !== false && hasLeanRpc(rpcJob) ? leanRpc(rpcJob) : rpc(rpcJob));
const leanManyOr = (manyJob: ManyJob) =>
  job.lean !== false && hasLeanMany(manyJob) ? leanManyToMany(manyJob) : manyToMany(manyJob);

const run = {
  fanout: leanFanoutOr,
  latency: leanFanoutOr,
  many: leanManyOr,
  rpc: leanRpcOr,
  idle,
  flood,
}[job.workload as string];
if (!run) throw new Error(`unknown workload ${job.workload}`);
const result = await run(job);
console.log(JSON.stringify(result));
// Idle connections are held until the orchestrator has measured the broker, then it kills us.
if (!('hold' in result)) process.exit(0);
