import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  binaryAsBase64,
  bytesToBase64,
  containsBinary,
  reviveBinary,
  stringifyWithBinary,
} from '../../src/payload/index.js';

const bytes = new Uint8Array([0, 1, 2, 255]);

describe('binary', () => {
  describe('#bytesToBase64 / #base64ToBytes', () => {
    it('round-trips bytes, encoding only the viewed part of a larger buffer', () => {
      expect(bytesToBase64(bytes)).toBe('AAEC/w==');
      expect(base64ToBytes('AAEC/w==')).toEqual(bytes);
      expect(bytesToBase64(new Uint8Array([9, 9, 1, 2, 9]).subarray(2, 4))).toBe('AQI=');
    });

    it('decodes into a buffer of its own', () => {
      const decoded = base64ToBytes('AQI=');
      expect(decoded.byteOffset).toBe(0);
      expect(decoded.buffer.byteLength).toBe(2);
    });
  });

  describe('#containsBinary', () => {
    it('finds bytes at any depth', () => {
      expect(containsBinary({ a: [{ b: bytes }] })).toBe(true);
      expect(containsBinary(Buffer.from('x'))).toBe(true);
      expect(containsBinary({ a: [1, 'x', null] })).toBe(false);
    });
  });

  describe('#binaryAsBase64', () => {
    it('replaces bytes at any depth by base64, copying only what changes', () => {
      const plain = { a: [1, { b: 'x' }] };
      const value = { plain, image: { data: bytes } };
      expect(binaryAsBase64(value)).toEqual({ plain, image: { data: 'AAEC/w==' } });
      expect((binaryAsBase64(value) as typeof value).plain).toBe(plain);
      expect(value.image.data).toBe(bytes);
      expect(binaryAsBase64(plain)).toBe(plain);
    });
  });

  describe('#stringifyWithBinary / #reviveBinary (WAMP JSON form)', () => {
    it('writes bytes as "\\u0000" + base64, Buffers included', () => {
      expect(stringifyWithBinary({ b: bytes })).toBe('{"b":"\\u0000AAEC/w=="}');
      expect(stringifyWithBinary([Buffer.from([1])])).toBe('["\\u0000AQ=="]');
      expect(stringifyWithBinary({ a: 1 })).toBe('{"a":1}');
      expect(stringifyWithBinary(undefined)).toBe('null');
    });

    it('round-trips bytes through JSON text', () => {
      const value = { args: [bytes, 'text', { nested: [bytes] }] };
      expect(reviveBinary(JSON.parse(stringifyWithBinary(value)))).toEqual(value);
    });
  });
});
