/** Counting deliveries (lost, duplicate, out of order) and summarising latencies. */
import { readStamp } from '../payload.js';

export class DeliveryLog {
  received = 0;
  duplicates = 0;
  reordered = 0;
  readonly #seen: Uint8Array;
  readonly #lastSeq = new Map<number, number>();
  readonly #latencies: Float64Array | undefined;
  #latencyCount = 0;

  constructor(expected: number, recordLatency = false) {
    this.#seen = new Uint8Array(expected);
    this.#latencies = recordLatency ? new Float64Array(expected) : undefined;
  }

  /** Records one delivery; returns false for warm-up messages (negative sequence numbers). */
  record(payload: string, index: (seq: number, publisher: number) => number): boolean {
    const stamp = readStamp(payload);
    if (stamp.seq < 0) return false;
    const slot = index(stamp.seq, stamp.publisher);
    if (this.#seen[slot] === 1) this.duplicates++;
    else {
      this.#seen[slot] = 1;
      this.received++;
    }
    const last = this.#lastSeq.get(stamp.publisher) ?? -1;
    if (stamp.seq < last) this.reordered++;
    this.#lastSeq.set(stamp.publisher, stamp.seq);
    if (this.#latencies) {
      this.#latencies[this.#latencyCount++] = Number(process.hrtime.bigint() - stamp.sentNs) / 1e6;
    }
    return true;
  }

  latencies(): Float64Array {
    return this.#latencies?.subarray(0, this.#latencyCount) ?? new Float64Array();
  }
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(samples: readonly Float64Array[]): LatencySummary {
  const total = samples.reduce((sum, s) => sum + s.length, 0);
  const all = new Float64Array(total);
  let offset = 0;
  for (const sample of samples) {
    all.set(sample, offset);
    offset += sample.length;
  }
  all.sort();
  const at = (q: number) => round(all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? Number.NaN);
  return { p50: at(0.5), p99: at(0.99), max: round(all[all.length - 1] ?? Number.NaN) };
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Polls until `done()`; false on timeout. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}

/** Generator CPU over a measured interval, as a percentage of one core. */
export function cpuMeter() {
  const startCpu = process.cpuUsage();
  const startWall = process.hrtime.bigint();
  return () => {
    const used = process.cpuUsage(startCpu);
    const wallUs = Number(process.hrtime.bigint() - startWall) / 1000;
    return round(((used.user + used.system) / wallUs) * 100, 1);
  };
}

/** The delivery figures every pub/sub workload reports: rate, loss, duplicates, order. */
export function deliverySummary(logs: readonly DeliveryLog[], expected: number, seconds: number) {
  const received = logs.reduce((sum, log) => sum + log.received, 0);
  return {
    deliveriesPerSecond: Math.round(received / seconds),
    seconds: round(seconds, 3),
    lost: expected - received,
    duplicates: logs.reduce((sum, log) => sum + log.duplicates, 0),
    reordered: logs.reduce((sum, log) => sum + log.reordered, 0),
  };
}
