import { describe, expect, it } from 'vitest';
import { mapValues, PayloadDepthError } from '../../src/payload/index.js';

function nested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const double = (value: unknown) => (typeof value === 'number' ? value * 2 : value);

describe('mapValues', () => {
  it('maps every value, copying only the arrays and objects that change', () => {
    const same = { s: 'x' };
    const value = { a: [1, same], b: same };
    const mapped = mapValues(value, double) as { a: unknown[]; b: unknown };
    expect(mapped).toEqual({ a: [2, same], b: same });
    expect(mapped.b).toBe(same);
    expect(mapValues(same, double)).toBe(same);
  });

  it('does not walk into what the map replaces, nor into bytes', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(mapValues({ bytes }, double)).toEqual({ bytes });
    expect(mapValues({ a: { b: 1 } }, (value) => (Array.isArray(value) ? value : 'x'))).toBe('x');
  });

  it('keeps a __proto__ key as an own key of the copy', () => {
    const value = JSON.parse('{"__proto__":{"n":1},"m":1}');
    const mapped = mapValues(value, double) as Record<string, unknown>;
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype);
    expect(Object.keys(mapped)).toEqual(['__proto__', 'm']);
  });

  it('throws PayloadDepthError beyond maxDepth levels of arrays and objects', () => {
    expect(() => mapValues(nested(11), double, 10)).toThrow(PayloadDepthError);
    expect(mapValues(nested(10), double, 10)).toEqual(nested(10));
  });
});
