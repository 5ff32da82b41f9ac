/**
 * Byte-level mutations of valid messages: bit flips, truncation, duplication, insertion of
 * random or structural bytes, and splicing. Each mutation is data, so fast-check can shrink it.
 */
import fc from 'fast-check';

export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number };

/** Bytes that mean something to one of the codecs: separators, quotes, type markers. */
const STRUCTURAL = [
  0x00, 0x0a, 0x0d, 0x3a, 0x5c, 0x22, 0x5b, 0x5d, 0x7b, 0x7d, 0x2c, 0xc1, 0xdc, 0xde, 0xff, 0x9f, 0xbf,
];

const insertBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 8 }),
  fc.array(fc.constantFrom(...STRUCTURAL), { minLength: 1, maxLength: 4 }).map((bytes) => Uint8Array.from(bytes)),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: insertBytes }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
);

/** Applies one mutation; positions wrap around the input's length. */
function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Uint8Array.from(bytes);
      const index = at % bytes.length;
      copy[index] = (copy[index] as number) ^ (1 << m.bit);
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'duplicate':
      return concat(bytes.subarray(0, at), bytes.subarray(at, at + m.length), bytes.subarray(at));
    case 'insert':
      return concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    case 'delete':
      return concat(bytes.subarray(0, at), bytes.subarray(at + m.length));
  }
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Applies mutations in order. */
export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  return mutations.reduce(apply, bytes);
}

/** A valid encoding from `valid`, mutated 1 to 4 times. */
export function mutated(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([bytes, mutations]) => mutate(bytes, mutations));
}

/** Splits bytes at cut points (positions wrap), for random TCP chunking. */
export function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const point of points) {
    if (point > last) chunks.push(bytes.subarray(last, point));
    last = point;
  }
  if (last < bytes.length) chunks.push(bytes.subarray(last));
  return chunks;
}
