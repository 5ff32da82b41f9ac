import { describe, expect, it } from 'vitest';
import { classify, decode } from '../../../protocols/jsonrpc/envelope.js';

describe('envelope', () => {
  describe('#decode', () => {
    it('parses a text frame as JSON', () => {
      expect(decode('{"a":1}')).toEqual({ value: { a: 1 } });
    });

    it('reads a binary frame as UTF-8 JSON', () => {
      expect(decode(new TextEncoder().encode('[1,"é"]'))).toEqual({ value: [1, 'é'] });
    });

    it('refuses a binary frame that is not UTF-8', () => {
      expect(decode(new Uint8Array([0x5b, 0xff, 0x5d]))).toBeUndefined();
    });

    it('refuses text that is not JSON', () => {
      expect(decode('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]')).toBeUndefined();
    });

    it('parses 100,000 nested arrays without overflowing the stack', () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      expect(decode(deep)).toBeDefined();
    });

    it('[limits.maxDepth] refuses text nested deeper than maxDepth without parsing it', () => {
      const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
      expect(decode(deep, 64)).toEqual({ tooDeep: true });
      expect(decode(deep.slice(1, -1), 64)).toEqual({ value: expect.any(Array) });
    });
  });

  describe('#classify', () => {
    it('[JSON-RPC 2.0 §4] accepts a request with positional params', () => {
      const inbound = classify({ jsonrpc: '2.0', method: 'sum', params: [1, 2], id: 1 });
      expect(inbound).toMatchObject({ kind: 'request', notification: false });
    });

    it('[JSON-RPC 2.0 §4.1] treats a request without an id member as a notification', () => {
      expect(classify({ jsonrpc: '2.0', method: 'update' })).toMatchObject({
        kind: 'request',
        notification: true,
      });
    });

    it('[JSON-RPC 2.0 §4.1] does not treat "id": null as a notification', () => {
      const inbound = classify({ jsonrpc: '2.0', method: 'update', id: null });
      expect(inbound).toMatchObject({ kind: 'request', notification: false });
    });

    it('[JSON-RPC 2.0 §4] refuses a version other than "2.0" and echoes a readable id', () => {
      expect(classify({ jsonrpc: '1.0', method: 'x', id: 'a' })).toMatchObject({ kind: 'invalid', id: 'a' });
    });

    it('[JSON-RPC 2.0 §4] refuses a non-string method with id null', () => {
      expect(classify({ jsonrpc: '2.0', method: 1, params: 'bar' })).toMatchObject({
        kind: 'invalid',
        id: null,
      });
    });

    it('[JSON-RPC 2.0 §4.2] refuses params that are neither array nor object', () => {
      const inbound = classify({ jsonrpc: '2.0', method: 'x', params: 'bar', id: 3 });
      expect(inbound).toMatchObject({ kind: 'invalid', id: 3 });
    });

    it('[JSON-RPC 2.0 §4] answers an id of the wrong type with id null', () => {
      expect(classify({ jsonrpc: '2.0', method: 'x', id: { a: 1 } })).toMatchObject({
        kind: 'invalid',
        id: null,
      });
    });

    it('[JSON-RPC 2.0 §6] refuses a batch element that is not an object', () => {
      expect(classify(1)).toMatchObject({ kind: 'invalid', id: null });
    });

    it('[JSON-RPC 2.0 §5] recognizes a response from the client', () => {
      const inbound = classify({ jsonrpc: '2.0', result: 5, id: 1 });
      expect(inbound).toMatchObject({ kind: 'response', response: { result: 5, id: 1 } });
    });

    it('[JSON-RPC 2.0 §5] refuses a response holding both result and error', () => {
      const inbound = classify({ jsonrpc: '2.0', result: 5, error: { code: 1, message: 'x' }, id: 1 });
      expect(inbound).toMatchObject({ kind: 'invalid', id: null });
    });

    it('[JSON-RPC 2.0 §5.1] refuses an error object without an integer code', () => {
      const inbound = classify({ jsonrpc: '2.0', error: { code: 1.5, message: 'x' }, id: 1 });
      expect(inbound).toMatchObject({ kind: 'invalid' });
    });

    it('names what is wrong with an invalid request', () => {
      const inbound = classify({ jsonrpc: '2.0', id: 1 });
      expect(inbound.kind === 'invalid' && inbound.reason).toMatch(/method/);
    });
  });
});
