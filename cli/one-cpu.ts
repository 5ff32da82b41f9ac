/**
 * A broker confined to one CPU (taskset, a cpuset, a one-vCPU machine) shares that CPU with V8's
 * garbage-collector threads: concurrent marking then runs beside the event loop instead of on an
 * idle core, and in long RPC runs Junction ran up to a quarter slower with three times the p99
 * (docs/operations.md, "One CPU"). `node --single-threaded-gc` keeps the collector on the main
 * thread. The CLI can only say so: V8 takes its GC flags when node starts (setting them later
 * aborts the process), and a broker that restarted itself under the flag would leave its process
 * manager, and every CPU or memory probe, watching the wrong pid.
 */
import { availableParallelism } from 'node:os';

/** Flags that already keep the collector off other threads (or say the operator chose). */
const GC_THREAD_FLAGS = /^--(single-threaded-gc|single-threaded|no-concurrent-marking|concurrent-marking)$/;

/** What the CLI logs (at info) when `runsGcBesideEventLoop()`. */
export const ONE_CPU_ADVICE = 'one CPU available: start node with --single-threaded-gc';

/** Whether node runs V8's GC threads on the only CPU this process may use. */
export function runsGcBesideEventLoop(
  execArgv: readonly string[] = process.execArgv,
  cpus: number = availableParallelism(),
): boolean {
  return cpus === 1 && !execArgv.some((flag) => GC_THREAD_FLAGS.test(flag));
}
