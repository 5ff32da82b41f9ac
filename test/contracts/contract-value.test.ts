import { describe, expect, it } from 'vitest';
import { jsonView, schemaValue } from '../../src/contracts/schema-view.js';

describe('schemaValue', () => {
  it('is the argument itself for exactly one argument and no kwargs', () => {
    const order = { quantity: 2 };
    expect(schemaValue({ args: [order] })).toBe(order);
    expect(schemaValue({ args: ['text'], kwargs: {} })).toBe('text');
    expect(schemaValue({ args: [null] })).toBeNull();
  });

  it('is null for a payload without arguments or kwargs', () => {
    expect(schemaValue({})).toBeNull();
    expect(schemaValue({ args: [], kwargs: {} })).toBeNull();
  });

  it('is {args, kwargs} with both keys for several arguments or any kwargs', () => {
    expect(schemaValue({ args: [2, 3] })).toEqual({ args: [2, 3], kwargs: {} });
    expect(schemaValue({ kwargs: { a: 1 } })).toEqual({ args: [], kwargs: { a: 1 } });
    expect(schemaValue({ args: [1], kwargs: { a: 1 } })).toEqual({ args: [1], kwargs: { a: 1 } });
  });

  it('shows binary values as base64 strings, at any depth', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect(schemaValue({ args: [bytes] })).toBe('AAEC/w==');
    expect(schemaValue({ args: [{ image: { data: bytes } }, [bytes]] })).toEqual({
      args: [{ image: { data: 'AAEC/w==' } }, ['AAEC/w==']],
      kwargs: {},
    });
  });

  it('encodes only the viewed bytes of a Uint8Array over a larger buffer', () => {
    const buffer = new Uint8Array([9, 9, 1, 2, 9]);
    expect(jsonView(buffer.subarray(2, 4))).toBe('AQI=');
  });
});

describe('jsonView', () => {
  it('returns values without binary unchanged, without copying', () => {
    const value = { a: [1, { b: 'x' }], c: null };
    expect(jsonView(value)).toBe(value);
  });

  it('leaves the original payload untouched when it replaces binary', () => {
    const bytes = new Uint8Array([1]);
    const value = { keep: 1, bytes };
    const viewed = jsonView(value);
    expect(viewed).toEqual({ keep: 1, bytes: 'AQ==' });
    expect(value.bytes).toBe(bytes);
  });
});
