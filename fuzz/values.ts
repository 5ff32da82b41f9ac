/**
 * Hostile values shared by the WAMP and JSON-RPC generators: huge and odd numbers, wrong types,
 * prototype-pollution keys, and nesting kept below 50 levels (deep nesting has its own limit,
 * `limits.maxDepth`, and its own regression test).
 */
import fc from 'fast-check';

/** Most levels a generated value nests; the depth limit is tested separately. */
export const MAX_GENERATED_DEPTH = 40;

export const hugeNumber = fc.constantFrom(
  0,
  -0,
  -1,
  0.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e308,
  -1e308,
);

export const oddString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    '\u0000',
    '\ud800',
    '..',
    '*',
    '#',
    '$binary',
  ),
);

/** Keys that break naive object handling. */
const oddKey = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toJSON', 'then', 'length', '$binary'),
);

export const leaf: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  hugeNumber,
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** Any JSON-ish value, at most `maxDepth` levels deep (a small one usually). */
export function anyValue(maxDepth = 4, binary = false): fc.Arbitrary<unknown> {
  const leaves = binary ? fc.oneof(leaf, fc.uint8Array({ maxLength: 32 })) : leaf;
  return fc.letrec((tie) => ({
    value: fc.oneof({ maxDepth, depthSize: 'small' }, leaves, tie('list'), tie('dict')),
    list: fc.array(tie('value'), { maxLength: 4 }),
    dict: fc.dictionary(oddKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  })).value;
}

/** A value nested exactly `depth` levels, as a list or dict chain. */
export function nested(depth: number, kind: 'list' | 'dict'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'list' ? [value] : { a: value };
  return value;
}

/** Nesting from 1 to MAX_GENERATED_DEPTH levels. */
export const deepish = fc
  .tuple(fc.integer({ min: 1, max: MAX_GENERATED_DEPTH }), fc.constantFrom('list' as const, 'dict' as const))
  .map(([depth, kind]) => nested(depth, kind));

/** Values of the wrong type for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(leaf, fc.constant([]), fc.constant({}), deepish);
