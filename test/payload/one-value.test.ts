import { describe, expect, it } from 'vitest';
import { fromEnvelope, fromOneValue, payloadShape, toOneValue } from '../../src/payload/index.js';

describe('one-value', () => {
  describe('#payloadShape', () => {
    it('sorts a payload into empty, single and several', () => {
      expect(payloadShape({})).toEqual({ kind: 'empty' });
      expect(payloadShape({ args: [], kwargs: {} })).toEqual({ kind: 'empty' });
      expect(payloadShape({ args: [1], kwargs: {} })).toEqual({ kind: 'single', value: 1 });
      expect(payloadShape({ args: [1, 2] })).toEqual({ kind: 'several', args: [1, 2], kwargs: undefined });
      expect(payloadShape({ kwargs: { a: 1 } })).toEqual({ kind: 'several', args: [], kwargs: { a: 1 } });
    });
  });

  describe('#toOneValue (default: STOMP bodies and /rpc/ replies, chat.v1 lines)', () => {
    it('gives null for nothing, the value for one argument', () => {
      expect(toOneValue({})).toBeNull();
      expect(toOneValue({ args: [], kwargs: {} })).toBeNull();
      const order = { id: 1 };
      expect(toOneValue({ args: [order] })).toBe(order);
      expect(toOneValue({ args: [null] })).toBeNull();
    });

    it('gives {args} without kwargs, {args, kwargs} with them', () => {
      expect(toOneValue({ args: [1, 2] })).toEqual({ args: [1, 2] });
      expect(toOneValue({ args: [1, 2], kwargs: {} })).toEqual({ args: [1, 2] });
      expect(toOneValue({ kwargs: { a: 1 } })).toEqual({ args: [], kwargs: { a: 1 } });
      expect(toOneValue({ args: [1], kwargs: { a: 1 } })).toEqual({ args: [1], kwargs: { a: 1 } });
    });
  });

  describe('#toOneValue with alwaysKwargs (contract schemas)', () => {
    it('always writes both keys for several values', () => {
      expect(toOneValue({ args: [1, 2] }, { alwaysKwargs: true })).toEqual({ args: [1, 2], kwargs: {} });
      expect(toOneValue({ kwargs: { a: 1 } }, { alwaysKwargs: true })).toEqual({ args: [], kwargs: { a: 1 } });
      expect(toOneValue({ args: ['x'] }, { alwaysKwargs: true })).toBe('x');
      expect(toOneValue({}, { alwaysKwargs: true })).toBeNull();
    });
  });

  describe('#toOneValue with kwargsAlone (JSON-RPC results and pushes)', () => {
    it('gives kwargs alone when there are no args', () => {
      expect(toOneValue({ kwargs: { a: 1 } }, { kwargsAlone: true })).toEqual({ a: 1 });
      expect(toOneValue({ args: [1, 2] }, { kwargsAlone: true })).toEqual({ args: [1, 2] });
      expect(toOneValue({ args: [1], kwargs: { a: 1 } }, { kwargsAlone: true })).toEqual({
        args: [1],
        kwargs: { a: 1 },
      });
    });
  });

  describe('#toOneValue with map', () => {
    it('maps the single value, or args and kwargs as wholes', () => {
      const seen: unknown[] = [];
      const map = (value: unknown) => {
        seen.push(value);
        return value;
      };
      toOneValue({ args: ['x'] }, { map });
      toOneValue({ args: [1, 2], kwargs: { a: 1 } }, { map });
      expect(seen).toEqual(['x', [1, 2], { a: 1 }]);
    });
  });

  describe('#fromOneValue', () => {
    it('makes a value the one argument, undefined an empty payload', () => {
      expect(fromOneValue({ a: 1 })).toEqual({ args: [{ a: 1 }] });
      expect(fromOneValue(null)).toEqual({ args: [null] });
      expect(fromOneValue(undefined)).toEqual({});
    });

    it('makes null an empty payload with nullIsEmpty', () => {
      expect(fromOneValue(null, { nullIsEmpty: true })).toEqual({});
      expect(fromOneValue(0, { nullIsEmpty: true })).toEqual({ args: [0] });
    });
  });

  describe('#fromEnvelope', () => {
    it('reads {args, kwargs}, both optional', () => {
      expect(fromEnvelope({ args: [2, 3] })).toEqual({ args: [2, 3] });
      expect(fromEnvelope({ kwargs: { a: 1 } })).toEqual({ kwargs: { a: 1 } });
      expect(fromEnvelope({})).toEqual({});
    });

    it('refuses other keys, a non-array args, a non-dict kwargs or a non-object', () => {
      expect(fromEnvelope({ args: [], other: 1 })).toBeUndefined();
      expect(fromEnvelope({ args: 'x' })).toBeUndefined();
      expect(fromEnvelope({ kwargs: [1] })).toBeUndefined();
      expect(fromEnvelope([1])).toBeUndefined();
      expect(fromEnvelope(new Uint8Array(1))).toBeUndefined();
    });

    it('reads back what toOneValue writes for several values', () => {
      const payload = { args: [1, 2], kwargs: { a: 1 } };
      expect(fromEnvelope(toOneValue(payload))).toEqual(payload);
    });
  });
});
