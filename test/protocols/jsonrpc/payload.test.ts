import { describe, expect, it } from 'vitest';
import {
  fromJson,
  MAX_DEPTH,
  PayloadDepthError,
  paramsToPayload,
  payloadToParams,
  payloadToValue,
  resultToPayload,
  toJson,
} from '../../../protocols/jsonrpc/payload.js';

function nested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('payload', () => {
  describe('#payloadToValue', () => {
    it('gives the single argument itself', () => {
      expect(payloadToValue({ args: [{ text: 'hi' }] })).toEqual({ text: 'hi' });
    });

    it('gives kwargs when there are no args', () => {
      expect(payloadToValue({ kwargs: { a: 1 } })).toEqual({ a: 1 });
    });

    it('gives null for an empty payload', () => {
      expect(payloadToValue({})).toBeNull();
      expect(payloadToValue({ args: [], kwargs: {} })).toBeNull();
    });

    it('gives {args, kwargs} when both are present', () => {
      expect(payloadToValue({ args: [1], kwargs: { a: 1 } })).toEqual({ args: [1], kwargs: { a: 1 } });
    });

    it('gives {args} for several arguments', () => {
      expect(payloadToValue({ args: [1, 2] })).toEqual({ args: [1, 2] });
    });

    it('encodes bytes as {"$binary": base64}', () => {
      expect(payloadToValue({ args: [new Uint8Array([1, 2, 255])] })).toEqual({ $binary: 'AQL/' });
    });

    it('turns bigints into numbers, or strings when they are not safe', () => {
      expect(toJson([5n, 2n ** 64n])).toEqual([5, '18446744073709551616']);
    });
  });

  describe('#paramsToPayload', () => {
    it('maps positional params to args and named params to kwargs', () => {
      expect(paramsToPayload([2, 3])).toEqual({ args: [2, 3] });
      expect(paramsToPayload({ a: 2 })).toEqual({ kwargs: { a: 2 } });
      expect(paramsToPayload(undefined)).toEqual({});
    });

    it('decodes {"$binary": base64} into bytes', () => {
      expect(paramsToPayload([{ $binary: 'AQL/' }])).toEqual({ args: [new Uint8Array([1, 2, 255])] });
    });

    it('keeps an object with $binary and other keys as it is', () => {
      const value = { $binary: 'AQL/', other: 1 };
      expect(fromJson(value)).toBe(value);
    });

    it('keeps a __proto__ key as an own key without touching any prototype', () => {
      const params = JSON.parse('{"__proto__":{"polluted":true},"x":{"$binary":"AA=="}}');
      const { kwargs } = paramsToPayload(params);
      expect(Object.getPrototypeOf(kwargs)).toBe(Object.prototype);
      expect(Object.keys(kwargs ?? {})).toEqual(['__proto__', 'x']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it(`refuses values nested deeper than ${MAX_DEPTH} levels`, () => {
      expect(() => paramsToPayload([nested(100_000)])).toThrow(PayloadDepthError);
      expect(() => toJson(nested(MAX_DEPTH + 1))).toThrow(PayloadDepthError);
    });
  });

  describe('#payloadToParams', () => {
    it('sends args as an array, kwargs as an object, both as {args, kwargs}', () => {
      expect(payloadToParams({ args: [1] })).toEqual([1]);
      expect(payloadToParams({ kwargs: { a: 1 } })).toEqual({ a: 1 });
      expect(payloadToParams({ args: [1], kwargs: { a: 1 } })).toEqual({ args: [1], kwargs: { a: 1 } });
      expect(payloadToParams({})).toBeUndefined();
    });
  });

  describe('#resultToPayload', () => {
    it('makes a result one argument, and null an empty result', () => {
      expect(resultToPayload(5)).toEqual({ args: [5] });
      expect(resultToPayload(null)).toEqual({});
    });
  });
});
