/**
 * Splicing of encoded arrays for the binary serializers: lets an EVENT's tail be encoded once
 * per publish while the head (code, subscription id) changes per receiver.
 */
import type { EncodedTail } from './serializer.js';

/** Byte layout of an array header in one binary format. */
export interface ArrayFormat {
  /** Length in bytes of the header that starts `encoded` (an encoded array). */
  headerLength(encoded: Uint8Array): number;
  /** The header for an array of `count` elements. */
  header(count: number): Uint8Array;
}

/** MessagePack: fixarray 0x90|n, array16 0xdc, array32 0xdd. */
export const msgpackArrays: ArrayFormat = {
  headerLength: (encoded) => (encoded[0] === 0xdc ? 3 : encoded[0] === 0xdd ? 5 : 1),
  header(count) {
    if (count < 16) return Uint8Array.of(0x90 | count);
    if (count < 0x10000) return Uint8Array.of(0xdc, count >> 8, count & 0xff);
    return Uint8Array.of(0xdd, count >>> 24, (count >> 16) & 0xff, (count >> 8) & 0xff, count & 0xff);
  },
};

/** CBOR major type 4: 0x80+n below 24, then 1, 2 or 4 length bytes (RFC 8949 §3). */
export const cborArrays: ArrayFormat = {
  headerLength(encoded) {
    const info = (encoded[0] ?? 0) & 0x1f;
    return info < 24 ? 1 : info === 24 ? 2 : info === 25 ? 3 : 5;
  },
  header(count) {
    if (count < 24) return Uint8Array.of(0x80 | count);
    if (count < 0x100) return Uint8Array.of(0x98, count);
    if (count < 0x10000) return Uint8Array.of(0x99, count >> 8, count & 0xff);
    return Uint8Array.of(0x9a, count >>> 24, (count >> 16) & 0xff, (count >> 8) & 0xff, count & 0xff);
  },
};

/** The body of an encoded array, without its header. */
export function arrayBody(format: ArrayFormat, encoded: Uint8Array): Uint8Array {
  return encoded.subarray(format.headerLength(encoded));
}

/** Joins a header for `head + tail` elements, the encoded head elements and the tail body. */
export function spliceArray(
  format: ArrayFormat,
  headBody: Uint8Array,
  headCount: number,
  tail: EncodedTail,
): Uint8Array {
  const header = format.header(headCount + tail.count);
  const body = tail.body as Uint8Array;
  const out = new Uint8Array(header.length + headBody.length + body.length);
  out.set(header, 0);
  out.set(headBody, header.length);
  out.set(body, header.length + headBody.length);
  return out;
}
