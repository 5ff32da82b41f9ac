/** The router's traffic counters: publishes, deliveries and calls per protocol, call durations. */
import { describe, expect, it } from 'vitest';
import { CALL_DURATION_BUCKETS, RouterError } from '../../src/router/index.js';
import { testRouter } from './fixtures.js';

describe('router traffic', () => {
  it('counts publishes per publisher protocol and deliveries per subscriber protocol', () => {
    const { router, open } = testRouter();
    open({ protocol: 'wamp' }).subscribe('news', {}, () => {});
    open({ protocol: 'wamp' }).subscribe('news.#', { match: 'wildcard' }, () => {});
    open({ protocol: 'jsonrpc' }).subscribe('news', {}, () => {});
    const publisher = open({ protocol: 'stomp' });
    publisher.publish({ topic: 'news', args: [1] });
    publisher.publish({ topic: 'news', args: [2] });
    expect(router.traffic.of('stomp')).toMatchObject({ publishes: 2, deliveries: 0 });
    expect(router.traffic.of('wamp').deliveries).toBe(4);
    expect(router.traffic.of('jsonrpc').deliveries).toBe(2);
  });

  it('counts queue sends as publishes and each queue delivery once', () => {
    const { router, open } = testRouter();
    const sender = open({ protocol: 'stomp' });
    sender.enqueue('jobs', { topic: 'jobs', args: [1] });
    sender.enqueue('jobs', { topic: 'jobs', args: [2] });
    open({ protocol: 'wamp' }).consume('jobs', {}, () => {});
    expect(router.traffic.of('stomp').publishes).toBe(2);
    expect(router.traffic.of('wamp').deliveries).toBe(2);
  });

  it('counts calls by outcome: ok, error, timeout, canceled and refused', async () => {
    const { router, open } = testRouter();
    const callee = open({ protocol: 'wamp' });
    callee.register('ok', {}, (invocation) => invocation.resolve({ args: [1] }));
    callee.register('fails', {}, (invocation) => invocation.reject(new RouterError('app.error.nope')));
    callee.register('slow', {}, () => {});
    const caller = open({ protocol: 'jsonrpc' });
    await caller.call('ok').result;
    await caller.call('fails').result.catch(() => {});
    await caller.call('slow', { timeout: 10 }).result.catch(() => {});
    const canceled = caller.call('slow');
    canceled.cancel('skip');
    expect(() => caller.call('missing')).toThrow(RouterError);
    expect(router.traffic.of('jsonrpc').calls).toEqual({ ok: 1, error: 1, timeout: 1, canceled: 1, refused: 1 });
    const durations = router.traffic.callDurations;
    expect(durations.count).toBe(4);
    expect(durations.counts.reduce((sum, n) => sum + n, 0) + durations.over).toBe(4);
    expect(durations.counts).toHaveLength(CALL_DURATION_BUCKETS.length);
    // The timed-out call lasted about its 10 ms (a timer may fire a fraction of a ms early).
    expect(durations.sum).toBeGreaterThan(0.005);
  });

  it('lists the realms that exist', () => {
    const { router, open } = testRouter();
    open({ realm: 'other' });
    expect(router.realmNames().toSorted()).toEqual(['other', 'realm1']);
  });
});
