/**
 * contentBytes: what a message counts against `maxQueuedBytes` (issue 12): bodies, keys, headers
 * and content type, without building JSON, and without a stack to overflow on deep values.
 */
import { describe, expect, it } from 'vitest';
import { contentBytes } from '../../src/payload/size.js';

describe('contentBytes', () => {
  it('counts strings by length, bytes by byteLength, 8 per scalar, object keys, headers and content type', () => {
    const content = {
      args: ['abcd', new Uint8Array(100), 42, true, null],
      kwargs: { key: 'value', nested: [1, { k: 'v' }] },
      headers: { h: 'vv' },
      contentType: 'text/plain',
    };
    const args = 4 + 100 + 8 + 8 + 8;
    const kwargs = 'key'.length + 'value'.length + 'nested'.length + 8 + 'k'.length + 'v'.length;
    expect(contentBytes(content)).toBe(args + kwargs + 'hvv'.length + 'text/plain'.length);
  });

  it('counts an empty message as 0 and a value nested 100,000 deep without overflowing the stack', () => {
    expect(contentBytes({ headers: {} })).toBe(0);
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(contentBytes({ args: [deep], headers: {} })).toBe(1);
  });
});
