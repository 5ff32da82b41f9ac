import { describe, expect, it } from 'vitest';
import { ErrorUri, type QueueDelivery } from '../../src/router/index.js';
import { eventually } from '../helpers/eventually.js';
import { testRouter } from './fixtures.js';

/** Records deliveries as `consumer:payload` (+ `!` when redelivered). */
function recorder() {
  const log: string[] = [];
  const deliveries: QueueDelivery[] = [];
  const handler = (name: string) => (delivery: QueueDelivery) => {
    deliveries.push(delivery);
    log.push(`${name}:${String(delivery.message.args?.[0])}${delivery.redelivered ? '!' : ''}`);
  };
  return { log, deliveries, handler };
}

function send(session: { enqueue(q: string, i: { topic: string; args: unknown[] }): void }, ...values: number[]) {
  for (const value of values) session.enqueue('jobs', { topic: 'jobs', args: [value] });
}

describe('Queues', () => {
  it('gives each message to exactly one consumer, round robin', () => {
    const { open } = testRouter();
    const { log, handler } = recorder();
    open().consume('jobs', {}, handler('a'));
    open().consume('jobs', {}, handler('b'));
    open().consume('jobs', {}, handler('c'));
    send(open(), 1, 2, 3, 4);
    expect(log).toEqual(['a:1', 'b:2', 'c:3', 'a:4']);
  });

  it('keeps messages enqueued while nobody consumes until a consumer comes', () => {
    const { router, open } = testRouter();
    const { log, handler } = recorder();
    send(open(), 1, 2);
    expect(router.realm('realm1')!.queues()).toEqual([{ name: 'jobs', waiting: 2, consumers: 0, unacked: 0 }]);
    open().consume('jobs', {}, handler('a'));
    expect(log).toEqual(['a:1', 'a:2']);
  });

  it('throws queue_full when the queue is at its bound', () => {
    const { open } = testRouter({ limits: { maxQueueLength: 2 } });
    const producer = open();
    send(producer, 1, 2);
    expect(() => send(producer, 3)).toThrowError(expect.objectContaining({ uri: ErrorUri.QUEUE_FULL }));
  });

  it('counts only waiting messages against the bound', () => {
    const { open } = testRouter({ limits: { maxQueueLength: 1 } });
    const { log, handler } = recorder();
    open().consume('jobs', { ack: 'manual' }, handler('a'));
    send(open(), 1, 2, 3);
    expect(log).toEqual(['a:1', 'a:2', 'a:3']);
  });

  it('forgets a message delivered with auto ack, even when its consumer leaves', () => {
    const { router, open } = testRouter();
    const { log, handler } = recorder();
    const consumer = open().consume('jobs', { ack: 'auto' }, handler('a'));
    send(open(), 1);
    consumer.cancel();
    open().consume('jobs', {}, handler('b'));
    expect(log).toEqual(['a:1']);
    expect(router.realm('realm1')!.queues()).toHaveLength(1);
  });

  describe('manual ack', () => {
    it('holds back deliveries beyond prefetch until an ack', () => {
      const { open } = testRouter();
      const { log, deliveries, handler } = recorder();
      const consumer = open().consume('jobs', { ack: 'manual', prefetch: 2 }, handler('a'));
      send(open(), 1, 2, 3);
      expect(log).toEqual(['a:1', 'a:2']);
      consumer.ack(deliveries[0]!.deliveryId);
      expect(log).toEqual(['a:1', 'a:2', 'a:3']);
    });

    it('sends to the consumer with capacity when another is at its prefetch', () => {
      const { open } = testRouter();
      const { log, handler } = recorder();
      open().consume('jobs', { ack: 'manual', prefetch: 1 }, handler('a'));
      open().consume('jobs', { ack: 'manual', prefetch: 0 }, handler('b'));
      send(open(), 1, 2, 3);
      expect(log).toEqual(['a:1', 'b:2', 'b:3']);
    });

    it('redelivers a nacked message first, flagged redelivered', () => {
      const { open } = testRouter();
      const { log, deliveries, handler } = recorder();
      const consumer = open().consume('jobs', { ack: 'manual', prefetch: 1 }, handler('a'));
      send(open(), 1, 2);
      consumer.nack(deliveries[0]!.deliveryId);
      expect(log).toEqual(['a:1', 'a:1!']);
      expect(deliveries[1]!.deliveryId).not.toBe(deliveries[0]!.deliveryId);
    });

    it('drops a message nacked without requeue', () => {
      const { open } = testRouter();
      const { log, deliveries, handler } = recorder();
      const consumer = open().consume('jobs', { ack: 'manual', prefetch: 1 }, handler('a'));
      send(open(), 1, 2);
      consumer.nack(deliveries[0]!.deliveryId, { requeue: false });
      expect(log).toEqual(['a:1', 'a:2']);
    });

    it('ignores an ack of an unknown or already acked delivery', () => {
      const { open } = testRouter();
      const { log, deliveries, handler } = recorder();
      const consumer = open().consume('jobs', { ack: 'manual', prefetch: 1 }, handler('a'));
      send(open(), 1, 2, 3);
      consumer.ack(deliveries[0]!.deliveryId);
      consumer.ack(deliveries[0]!.deliveryId);
      consumer.ack(999);
      expect(log).toEqual(['a:1', 'a:2']);
    });

    it('redelivers unacked messages to another consumer, in order and flagged, when the consumer leaves', () => {
      const { router, open } = testRouter();
      const { log, deliveries, handler } = recorder();
      const leaving = open();
      leaving.consume('jobs', { ack: 'manual', prefetch: 2 }, handler('a'));
      send(open(), 1, 2, 3);
      leaving.release();
      const stays = open().consume('jobs', { ack: 'manual' }, handler('b'));
      expect(log).toEqual(['a:1', 'a:2', 'b:1!', 'b:2!', 'b:3']);
      for (const d of deliveries.slice(2)) stays.ack(d.deliveryId);
      expect(router.realm('realm1')!.queues()).toEqual([{ name: 'jobs', waiting: 0, consumers: 1, unacked: 0 }]);
    });

    it('accepts a synchronous ack inside the delivery handler without recursion', () => {
      const { router, open } = testRouter();
      let count = 0;
      const producer = open();
      for (let i = 0; i < 5000; i++) producer.enqueue('jobs', { topic: 'jobs', args: [i] });
      open().consume('jobs', { ack: 'manual', prefetch: 1 }, (delivery, consumer) => {
        count++;
        consumer.ack(delivery.deliveryId);
      });
      expect(count).toBe(5000);
      expect(router.realm('realm1')!.queues()[0]).toMatchObject({ waiting: 0, unacked: 0 });
    });

    it('does not starve the event loop when a consumer always nacks with requeue', async () => {
      const { open } = testRouter();
      let attempts = 0;
      open().consume('jobs', { ack: 'manual', prefetch: 1 }, (delivery, c) => {
        attempts++;
        if (attempts < 25_000) c.nack(delivery.deliveryId);
        else c.ack(delivery.deliveryId);
      });
      send(open(), 1);
      expect(attempts).toBeLessThan(25_000);
      // The redeliveries yield to the event loop; wait for the last one, not for a fixed while.
      await eventually(() => expect(attempts).toBe(25_000));
    });
  });

  it('keeps delivering when a consumer handler throws, and reports the error', () => {
    const { open, errors } = testRouter();
    const { log, handler } = recorder();
    open().consume('jobs', {}, () => {
      throw new Error('boom');
    });
    open().consume('jobs', {}, handler('b'));
    send(open(), 1, 2);
    expect(log).toEqual(['b:2']);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('rejects an invalid queue name and a negative prefetch', () => {
    const { open } = testRouter();
    const session = open();
    expect(() => session.enqueue('a b', { topic: 'x' })).toThrowError(
      expect.objectContaining({ uri: ErrorUri.INVALID_URI }),
    );
    expect(() => session.consume('jobs', { ack: 'manual', prefetch: -1 }, () => {})).toThrowError(
      expect.objectContaining({ uri: ErrorUri.INVALID_ARGUMENT }),
    );
  });

  it('forgets an empty queue once its last consumer leaves', () => {
    const { router, open } = testRouter();
    open()
      .consume('jobs', {}, () => {})
      .cancel();
    expect(router.realm('realm1')!.queues()).toEqual([]);
  });
});
