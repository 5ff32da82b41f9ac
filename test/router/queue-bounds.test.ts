/**
 * Queue bounds of a realm (issue 12): `maxQueuesPerRealm`, `maxQueuedBytes` (waiting and unacked
 * messages) and per-message expiry (the sender's `expires`, `queueMessageTtl`). The byte count
 * returns to 0 when messages are consumed, dropped, purged or expire.
 */
import { describe, expect, it, vi } from 'vitest';
import { ErrorUri, type QueueDelivery } from '../../src/router/index.js';
import { eventually } from '../helpers/eventually.js';
import { testRouter } from './fixtures.js';

const KIB = 'x'.repeat(1024);

describe('Queue bounds', () => {
  it('refuses a send that would open one queue more than maxQueuesPerRealm, per realm', () => {
    const { open } = testRouter({ limits: { maxQueuesPerRealm: 2 } });
    const session = open();
    session.enqueue('a', { topic: 'a' });
    session.enqueue('b', { topic: 'b' });
    session.enqueue('a', { topic: 'a' });
    expect(() => session.enqueue('c', { topic: 'c' })).toThrowError(
      expect.objectContaining({
        uri: ErrorUri.QUEUE_FULL,
        message: 'Limit maxQueuesPerRealm exceeded: realm "realm1" has 2 queues',
      }),
    );
    expect(() => open({ realm: 'other' }).enqueue('c', { topic: 'c' })).not.toThrow();
  });

  it('refuses a send past maxQueuedBytes and counts bytes until messages are settled', () => {
    const { router, open } = testRouter({ limits: { maxQueuedBytes: 4000 } });
    const view = router.realm('realm1')!;
    const session = open();
    for (let i = 0; i < 3; i++) session.enqueue(`q${i}`, { topic: `q${i}`, args: [KIB] });
    expect(view.queuedBytes()).toBe(3 * 1024);
    expect(() => session.enqueue('q9', { topic: 'q9', args: [KIB] })).toThrowError(
      expect.objectContaining({ uri: ErrorUri.QUEUE_FULL, message: expect.stringMatching(/^Limit maxQueuedBytes/) }),
    );
    const unacked: QueueDelivery[] = [];
    const consumer = open().consume('q0', { ack: 'manual' }, (delivery) => unacked.push(delivery));
    // Delivered but unacked: still held, still counted.
    expect(view.queuedBytes()).toBe(3 * 1024);
    consumer.ack(unacked[0]!.deliveryId);
    expect(view.queuedBytes()).toBe(2 * 1024);
    open().consume('q1', {}, () => {});
    expect(view.queuedBytes()).toBe(1024);
    return router.purgeQueue('realm1', 'q2').then((purged) => {
      expect(purged).toBe(1);
      expect(view.queuedBytes()).toBe(0);
    });
  });

  it('never delivers a message whose sender expiry has passed, and does not count it', () => {
    const { router, open } = testRouter();
    open().enqueue('jobs', { topic: 'jobs', args: [KIB], expires: Date.now() - 1 });
    const got: unknown[] = [];
    open().consume('jobs', {}, (delivery) => got.push(delivery));
    expect(got).toEqual([]);
    expect(router.realm('realm1')!.queuedBytes()).toBe(0);
  });

  it('drops waiting messages after queueMessageTtl without a consumer, freeing their bytes and the queue', async () => {
    const { router, open } = testRouter({ limits: { queueMessageTtl: 100 } });
    const view = router.realm('realm1')!;
    const session = open();
    session.enqueue('jobs', { topic: 'jobs', args: [KIB] });
    session.enqueue('jobs', { topic: 'jobs', args: [KIB], expires: Date.now() + 60_000 });
    expect(view.queuedBytes()).toBe(2048);
    await eventually(() => expect(view.queuedBytes()).toBe(0));
    expect(view.queues()).toEqual([]);
  });

  it('drops a message due when its sweep fires, even if the timer fires before the wall clock reaches its expiry', () => {
    // Node's timers may fire a millisecond early against Date.now(); faking only the timers makes
    // that skew as large as the whole delay.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { router, open } = testRouter({ limits: { queueMessageTtl: 300 } });
      open().enqueue('jobs', { topic: 'jobs', args: [KIB] });
      vi.advanceTimersByTime(300);
      expect(router.realm('realm1')!.queuedBytes()).toBe(0);
      expect(router.realm('realm1')!.queues()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a message whose expiry lies beyond the longest Node timer (~24.8 days) without sweeping at once', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { router, open } = testRouter({ limits: { queueMessageTtl: 0 } });
      open().enqueue('jobs', { topic: 'jobs', args: [KIB], expires: Date.now() + 40 * 24 * 3600 * 1000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(router.realm('realm1')!.queues()).toEqual([{ name: 'jobs', waiting: 1, consumers: 0, unacked: 0 }]);
      expect(router.realm('realm1')!.queuedBytes()).toBe(1024);
      expect(warnings.filter((warning) => warning.name === 'TimeoutOverflowWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('drops a requeued message once it expires instead of redelivering it', async () => {
    const { router, open } = testRouter();
    const view = router.realm('realm1')!;
    open().enqueue('jobs', { topic: 'jobs', args: [1], expires: Date.now() + 150 });
    const first = open();
    const seen: QueueDelivery[] = [];
    first.consume('jobs', { ack: 'manual' }, (delivery) => seen.push(delivery));
    expect(seen).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.release();
    const later: QueueDelivery[] = [];
    open().consume('jobs', {}, (delivery) => later.push(delivery));
    expect(later).toEqual([]);
    expect(view.queuedBytes()).toBe(0);
  });
});
