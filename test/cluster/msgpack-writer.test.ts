/** MsgpackWriter writes exactly the bytes of @msgpack/msgpack's Encoder with ignoreUndefined. */
import { decode, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MsgpackWriter } from '../../src/cluster/msgpack-writer.js';

const library = (value: unknown) => Buffer.from(encode(value, { ignoreUndefined: true }));

/** Values as payloads carry them: JSON-like trees with bytes, odd strings and numbers, and Dates. */
const leaf = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.constantFrom(0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff, 0x100000000, -0x20, -0x21, -0x80),
  fc.constantFrom(-0x81, -0x8000, -0x8001, -0x80000000, -0x80000001, -0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 300 }),
  fc.date({ noInvalidDate: true }),
);
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 20 }),
  object: fc.dictionary(fc.string({ maxLength: 40 }), tie('value'), { maxKeys: 20 }),
}));

describe('MsgpackWriter', () => {
  describe('#write', () => {
    it('writes the same bytes as the library for arbitrary values', () => {
      const writer = new MsgpackWriter();
      fc.assert(
        fc.property(tree.value, (value) => {
          expect(Buffer.from(writer.write(value))).toEqual(library(value));
        }),
        { numRuns: 500 },
      );
    });

    it('writes long strings, arrays, maps and bytes with their 16- and 32-bit headers', () => {
      const writer = new MsgpackWriter();
      const values = [
        'é'.repeat(40_000),
        'a'.repeat(70_000),
        Array.from({ length: 70_000 }, (_, i) => i),
        Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])),
        new Uint8Array(70_000).fill(7),
        { [`${'long key '.repeat(10)}`]: 1, '\ud800 lone': '\udc00 lone', emoji: '😀'.repeat(30) },
        // Past the native-ASCII length: one non-ASCII unit at the very end, a lone surrogate, 64 KB.
        [
          `${'a'.repeat(40)}é`,
          `${'a'.repeat(60)}\ud800`,
          `${'a'.repeat(300)}😀`,
          'b'.repeat(0xffff),
          'c'.repeat(0x10000),
        ],
      ];
      for (const value of values) expect(Buffer.from(writer.write(value))).toEqual(library(value));
    });

    it('gives back what it was given, through the library decoder, from one writer reused', () => {
      const writer = new MsgpackWriter();
      const first = { n: 'a', k: 'pub', m: { topic: 't', args: [new Uint8Array([1, 2])], headers: {} } };
      const copy = Uint8Array.from(writer.write(first));
      writer.write({ other: 'value that overwrites the buffer' });
      expect(decode(copy)).toEqual(first);
    });

    it('writes an object with a first entry as the library writes the object spread after it', () => {
      const writer = new MsgpackWriter();
      const objects = fc.dictionary(
        // Not `n`, and no integer-like keys: JavaScript orders those before every other key of an object.
        fc.string({ maxLength: 20 }).filter((key) => key !== 'n' && !/^(0|[1-9]\d*)$/.test(key)),
        tree.value,
        { maxKeys: 20 },
      );
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), objects, (sender, object) => {
          const written = Buffer.from(writer.writeWithFirst('n', sender, object));
          expect(written).toEqual(library({ n: sender, ...object }));
        }),
        { numRuns: 300 },
      );
    });

    it('refuses what the library refuses, with its errors', () => {
      const writer = new MsgpackWriter();
      let deep: unknown = 1;
      for (let i = 0; i < 120; i++) deep = [deep];
      expect(() => writer.write(deep)).toThrow(/Too deep/);
      expect(() => writer.write({ f: () => 1 })).toThrow(/Unrecognized object/);
      expect(Buffer.from(writer.write({ after: 'an error' }))).toEqual(library({ after: 'an error' }));
    });
  });
});
