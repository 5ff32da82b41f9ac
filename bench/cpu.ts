/**
 * CPU accounting for a run: the generator's own CPU (process.cpuUsage) and the broker's (from
 * /proc/<pid>/stat), both over the same measured interval, as % of one core. A row whose generator
 * is above GENERATOR_BOUND_CPU measured the generator, not the broker, and gives no ratio.
 */
import { readFileSync } from 'node:fs';

/** Above this, the generator's one core is the bottleneck (the threshold). */
export const GENERATOR_BOUND_CPU = 90;

/** User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15). */
export function procCpuSeconds(pid: number): number {
  return parseStatSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** Parses a /proc/<pid>/stat line; the command (field 2) may contain spaces and parentheses. */
export function parseStatSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** CPU seconds over wall seconds, as a percentage of one core with one decimal. */
export function cpuPercent(cpuSeconds: number, wallSeconds: number): number {
  return wallSeconds > 0 ? Math.round((cpuSeconds / wallSeconds) * 1000) / 10 : 0;
}

export interface CpuFigures {
  readonly generatorCpu: number;
  /** Absent when the broker's pid is unknown or unreadable; both nodes' sum in a cluster row. */
  readonly brokerCpu?: number;
  /** A cluster row: node A's and node B's shares (they share the broker's core). */
  readonly nodeCpu?: readonly [number, number];
}

function readCpu(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    return procCpuSeconds(pid);
  } catch {
    return undefined;
  }
}

/** Starts measuring; the returned function gives both figures since then. */
export function cpuMeter(brokerPid?: number, peerPid?: number): () => CpuFigures {
  const startCpu = process.cpuUsage();
  const startBroker = readCpu(brokerPid);
  const startPeer = readCpu(peerPid);
  const startWall = process.hrtime.bigint();
  return () => {
    const used = process.cpuUsage(startCpu);
    const endBroker = readCpu(brokerPid);
    const endPeer = readCpu(peerPid);
    const wall = Number(process.hrtime.bigint() - startWall) / 1e9;
    const generatorCpu = cpuPercent((used.user + used.system) / 1e6, wall);
    if (startBroker === undefined || endBroker === undefined) return { generatorCpu };
    const brokerCpu = cpuPercent(endBroker - startBroker, wall);
    if (startPeer === undefined || endPeer === undefined) return { generatorCpu, brokerCpu };
    const peerCpu = cpuPercent(endPeer - startPeer, wall);
    return { generatorCpu, brokerCpu: Math.round((brokerCpu + peerCpu) * 10) / 10, nodeCpu: [brokerCpu, peerCpu] };
  };
}

/** Whether a result's generator saturated its core (so the row measured the generator). */
export function generatorBound(result: Readonly<Record<string, unknown>>): boolean {
  const cpu = result.generatorCpu;
  return typeof cpu === 'number' && cpu > GENERATOR_BOUND_CPU;
}
