/** Id generation: WAMP global-scope ids are drawn at random from [1, 2^53] (WAMP building blocks). */
import { getRandomValues } from 'node:crypto';

const MAX_ID = 2 ** 53;

// Drawn in batches: one getRandomValues call costs about as much as filling 256 values.
const pool = new BigUint64Array(256);
let next = pool.length;

/** A random integer in [1, 2^53]: the top 53 bits of a random 64-bit value, plus one. */
export function randomId(): number {
  if (next === pool.length) {
    getRandomValues(pool);
    next = 0;
  }
  return Number((pool[next++] as bigint) >> 11n) + 1;
}

/** Sequential ids starting at 1 that wrap after 2^53 (WAMP session and router scope). */
export function createSequence(): () => number {
  let last = 0;
  return () => {
    last = last >= MAX_ID ? 1 : last + 1;
    return last;
  };
}
