/**
 * The lean generators' message body: fixed-width ASCII written into and read from buffers in
 * place, so a delivery costs a few digit reads instead of a string and a parse.
 * Layout: kind (D data, W warm-up) | seq (10 digits) | source (4 digits) | sent µs (16 digits) | x…
 * Plain ASCII, so it is a valid STOMP body and a JSON string without escaping.
 */
import { performance } from 'node:perf_hooks';
import { PAYLOAD_BYTES } from '../payload.js';

export const BODY_BYTES = PAYLOAD_BYTES;
export const DATA = 0x44; // 'D'
export const WARM = 0x57; // 'W'
const SEQ = 1;
const SOURCE = 11;
const SENT = 15;
const HEAD = 31;

/** Microseconds on this process's monotonic clock (publisher and subscribers share the process). */
export const nowUs = (): number => Math.round(performance.now() * 1000);

function writeDigits(buf: Buffer, at: number, width: number, value: number): void {
  let rest = value;
  for (let i = at + width - 1; i >= at; i--) {
    const next = Math.floor(rest / 10);
    buf[i] = 48 + rest - next * 10;
    rest = next;
  }
}

function readDigits(buf: Buffer, at: number, width: number): number {
  let value = 0;
  for (let i = at; i < at + width; i++) value = value * 10 + (buf[i] as number) - 48;
  return value;
}

/** Fills buf[at, at + BODY_BYTES) with the padding; stampBody then writes the varying head. */
export function padBody(buf: Buffer, at: number): void {
  buf.fill(0x78, at + HEAD, at + BODY_BYTES);
}

export function stampBody(buf: Buffer, at: number, kind: number, seq: number, source: number): void {
  buf[at] = kind;
  writeDigits(buf, at + SEQ, 10, seq);
  writeDigits(buf, at + SOURCE, 4, source);
  writeDigits(buf, at + SENT, 16, nowUs());
}

export const bodyKind = (buf: Buffer, at: number): number => buf[at] as number;
export const bodySeq = (buf: Buffer, at: number): number => readDigits(buf, at + SEQ, 10);
export const bodySource = (buf: Buffer, at: number): number => readDigits(buf, at + SOURCE, 4);
/** Milliseconds since the body was stamped. */
export const bodyAgeMs = (buf: Buffer, at: number): number => (nowUs() - readDigits(buf, at + SENT, 16)) / 1000;
