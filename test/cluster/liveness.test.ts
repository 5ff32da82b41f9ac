import { describe, expect, it } from 'vitest';
import { Liveness } from '../../src/cluster/liveness.js';

describe('Liveness', () => {
  it('says a heartbeat is news only for a node it did not know alive', () => {
    const live = new Liveness(1000);
    expect(live.heartbeat('a', 0)).toBe(true);
    expect(live.heartbeat('a', 100)).toBe(false);
    expect(live.nodes()).toEqual(['a']);
  });

  it('keeps a node heard of through any message alive, and expires it after the timeout', () => {
    const live = new Liveness(1000);
    live.heard('a', 0); // a registration, say: no heartbeat yet
    live.heartbeat('b', 0);
    live.heard('a', 900);
    expect(live.expire(1500)).toEqual(['b']);
    expect(live.nodes()).toEqual(['a']);
    expect(live.expire(2000)).toEqual(['a']);
    expect(live.nodes()).toEqual([]);
  });

  it('does not bring back a node that said goodbye with its last messages, only with a heartbeat', () => {
    const live = new Liveness(1000);
    live.heartbeat('a', 0);
    live.departed('a', 10);
    live.heard('a', 20);
    expect(live.nodes()).toEqual([]);
    expect(live.heartbeat('a', 30)).toBe(true);
    expect(live.nodes()).toEqual(['a']);
  });
});
