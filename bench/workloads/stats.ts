/** Counting deliveries (lost, duplicate, out of order) and summarising latencies. */
export { cpuMeter } from '../cpu.js';

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
    const latency = this.#latencies ? Number(process.hrtime.bigint() - stamp.sentNs) / 1e6 : 0;
    this.recordSeq(index(stamp.seq, stamp.publisher), stamp.seq, stamp.publisher, latency);
    return true;
  }

  /** Records one delivery already decoded: its slot, sequence, publisher and latency (ms, if kept). */
  recordSeq(slot: number, seq: number, publisher: number, latencyMs: number): void {
    if (this.#seen[slot] === 1) this.duplicates++;
    else {
      this.#seen[slot] = 1;
      this.received++;
    }
    const last = this.#lastSeq.get(publisher) ?? -1;
    if (seq < last) this.reordered++;
    this.#lastSeq.set(publisher, seq);
    if (this.#latencies) this.#latencies[this.#latencyCount++] = latencyMs;
  }

  /** Whether latencies are kept (the caller computes them only then). */
  get keepsLatency(): boolean {
    return this.#latencies !== undefined;
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
