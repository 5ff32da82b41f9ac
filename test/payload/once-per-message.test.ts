import { describe, expect, it } from 'vitest';
import { oncePerMessage } from '../../src/payload/index.js';

describe('oncePerMessage', () => {
  it('encodes each message object once, whatever it returns', () => {
    let calls = 0;
    const encode = oncePerMessage((message: { n: number }) => {
      calls++;
      return message.n === 0 ? undefined : `n=${message.n}`;
    });
    const one = { n: 1 };
    const zero = { n: 0 };
    expect([encode(one), encode(one), encode(zero), encode(zero)]).toEqual(['n=1', 'n=1', undefined, undefined]);
    expect(encode({ n: 1 })).toBe('n=1');
    expect(calls).toBe(3);
  });
});
