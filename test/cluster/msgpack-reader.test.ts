/** MsgpackReader gives the values @msgpack/msgpack's Decoder gives, for what the writer writes and for hostile bytes. */
import { decode, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MsgpackReader } from '../../src/cluster/msgpack-reader.js';
import { MsgpackWriter } from '../../src/cluster/msgpack-writer.js';

/** Values as payloads carry them: JSON-like trees with bytes, odd strings and numbers, and Dates. */
const leaf = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 20, maxLength: 400 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.float().map(Math.fround),
  fc.constantFrom(0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff, 0x100000000, -0x20, -0x21, -0x80),
  fc.constantFrom(-0x81, -0x8000, -0x8001, -0x80000000, -0x80000001, -0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 300 }),
  fc.date({ noInvalidDate: true }),
);
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 20 }),
  object: fc.dictionary(
    fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('n', 'k', 'id', 'p', 'args', 'procedure', 'é', '😀')),
    tie('value'),
    { maxKeys: 20 },
  ),
}));

/** What both decoders give, with binary values as plain byte lists (the library gives views, the reader copies). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

function outcome(read: () => unknown): unknown {
  try {
    return { value: plain(read()) };
  } catch {
    // Refused: the two name their errors differently (DecodeError, RangeError).
    return { threw: true };
  }
}

describe('MsgpackReader', () => {
  describe('#read', () => {
    it('reads what the writer wrote as the library decoder does, from one reader reused', () => {
      const reader = new MsgpackReader();
      const writer = new MsgpackWriter();
      fc.assert(
        fc.property(tree.value, (value) => {
          const bytes = Buffer.from(writer.write(value));
          // Both refuse a __proto__ key (fast-check's dictionaries make one now and then).
          expect(outcome(() => reader.read(bytes))).toEqual(outcome(() => decode(bytes)));
        }),
        { numRuns: 500 },
      );
    });

    it('reads the 16- and 32-bit forms, 64-bit integers, float32 and extensions', () => {
      const reader = new MsgpackReader();
      const values = [
        'é'.repeat(40_000),
        'a'.repeat(70_000),
        Array.from({ length: 70_000 }, (_, i) => i),
        Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`k${i}`, i])),
        new Uint8Array(70_000).fill(7),
        { [`${'long key '.repeat(10)}`]: 1, '\ud800 lone': '\udc00 lone', emoji: '😀'.repeat(30) },
        new Date(1_700_000_000_123),
        [2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 40, -(2 ** 40)],
      ];
      for (const value of values) {
        const bytes = Buffer.from(encode(value));
        expect(plain(reader.read(bytes))).toEqual(plain(decode(bytes)));
      }
      const float32 = Uint8Array.of(0xca, 0x3f, 0xc0, 0x00, 0x00);
      expect(reader.read(float32)).toBe(1.5);
      const uint64 = Uint8Array.of(0xcf, 0, 0, 0x01, 0, 0, 0, 0, 0x05);
      expect(reader.read(uint64)).toBe(decode(uint64));
      const int64 = Uint8Array.of(0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe);
      expect(reader.read(int64)).toBe(-2);
      const unknownExtension = Uint8Array.of(0xd4, 0x05, 0x2a);
      expect(reader.read(unknownExtension)).toEqual(decode(unknownExtension));
    });

    it('gives binary values that stay intact when the message they came in is reused', () => {
      const reader = new MsgpackReader();
      const message = Buffer.from(encode({ body: Uint8Array.of(1, 2, 3) }));
      const { body } = reader.read(message) as { body: Uint8Array };
      message.fill(0);
      expect([...body]).toEqual([1, 2, 3]);
    });

    it('refuses truncated data, trailing bytes, unknown codes, lying lengths and __proto__ keys, as the library does', () => {
      const reader = new MsgpackReader();
      const hostile = [
        Uint8Array.of(),
        Uint8Array.of(0xc1),
        Uint8Array.of(0x92, 0x01),
        Uint8Array.of(0x01, 0x02),
        Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff, 0x01),
        Uint8Array.of(0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x61, 0x01),
        Uint8Array.of(0xdb, 0x00, 0x10, 0x00, 0x00, 0x61),
        Uint8Array.of(0xc6, 0x00, 0x10, 0x00, 0x00, 0x61),
        Uint8Array.of(0xcb, 0x00, 0x00),
        Uint8Array.of(0x81, 0xa9, ...Buffer.from('__proto__'), 0x01),
        Uint8Array.of(0x81, 0x90, 0x01),
      ];
      for (const bytes of hostile) {
        expect(outcome(() => reader.read(bytes))).toHaveProperty('threw');
        expect(outcome(() => decode(bytes))).toHaveProperty('threw');
      }
      expect(reader.read(Buffer.from(encode({ after: 'an error' })))).toEqual({ after: 'an error' });
    });

    it('reads the same value from any bytes the library reads, and throws where it throws', () => {
      const reader = new MsgpackReader();
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
          const library = outcome(() => decode(bytes));
          const ours = outcome(() => reader.read(bytes));
          if ('threw' in (library as object)) expect(ours).toHaveProperty('threw');
          else expect(ours).toEqual(library);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
