/**
 * Benchmark payloads: fixed-size strings carrying a sequence number, the publisher, and a
 * monotonic send timestamp (CLOCK_MONOTONIC via hrtime is shared by processes on one machine).
 */
export const PAYLOAD_BYTES = 128;

export interface Stamp {
  readonly seq: number;
  readonly publisher: number;
  /** process.hrtime.bigint() at send, in nanoseconds, as a decimal string. */
  readonly sentNs: bigint;
}

export function makePayload(seq: number, publisher: number, size = PAYLOAD_BYTES): string {
  const head = `${seq}:${publisher}:${process.hrtime.bigint()}:`;
  return head.padEnd(size, 'x');
}

export function readStamp(payload: string): Stamp {
  const first = payload.indexOf(':');
  const second = payload.indexOf(':', first + 1);
  const third = payload.indexOf(':', second + 1);
  return {
    seq: Number(payload.slice(0, first)),
    publisher: Number(payload.slice(first + 1, second)),
    sentNs: BigInt(payload.slice(second + 1, third)),
  };
}
