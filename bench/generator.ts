/**
 * A load-generator process: runs one workload against one target and prints one JSON line.
 * Usage: node generator.js '<job json>'  (the orchestrator, bench/run.ts, builds the job)
 */
import { fanout } from './workloads/fanout.js';
import { flood } from './workloads/flood.js';
import { idle } from './workloads/idle.js';
import { manyToMany } from './workloads/many.js';
import { rpc } from './workloads/rpc.js';

const job = JSON.parse(process.argv[2] ?? '{}');
const run = { fanout, latency: fanout, many: manyToMany, rpc, idle, flood }[job.workload as string];
if (!run) throw new Error(`unknown workload ${job.workload}`);
const result = await run(job);
console.log(JSON.stringify(result));
// Idle connections are held until the orchestrator has measured the broker, then it kills us.
if (!('hold' in result)) process.exit(0);
