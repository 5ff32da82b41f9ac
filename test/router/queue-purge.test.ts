import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/router/index.js';

const session = (id: number) => ({ id, realm: 'realm1', authid: `u${id}`, authrole: 'user', protocol: 'test' });

describe('Router#purgeQueue', () => {
  it('drops every waiting message and says how many', async () => {
    const router = createRouter();
    const producer = router.openSession(session(1));
    for (let n = 0; n < 5; n++) producer.enqueue('jobs', { topic: 'jobs', args: [n] });
    expect(router.realm('realm1')!.queues()).toEqual([{ name: 'jobs', waiting: 5, consumers: 0, unacked: 0 }]);
    expect(await router.purgeQueue('realm1', 'jobs')).toBe(5);
    // An empty queue without consumers is forgotten, as after its last message is consumed.
    expect(router.realm('realm1')!.queues()).toEqual([]);
  });

  it('leaves deliveries awaiting an ack with their consumer, and they come back when it leaves', async () => {
    const router = createRouter();
    const producer = router.openSession(session(1));
    const consumer = router.openSession(session(2));
    const received: unknown[] = [];
    const handle = consumer.consume('jobs', { ack: 'manual', prefetch: 1 }, (delivery) =>
      received.push(delivery.message.args?.[0]),
    );
    for (let n = 0; n < 3; n++) producer.enqueue('jobs', { topic: 'jobs', args: [n] });
    expect(await router.purgeQueue('realm1', 'jobs')).toBe(2);
    expect(router.realm('realm1')!.queues()).toEqual([{ name: 'jobs', waiting: 0, consumers: 1, unacked: 1 }]);
    handle.cancel();
    expect(await router.purgeQueue('realm1', 'jobs')).toBe(1);
    expect(received).toEqual([0]);
  });

  it('keeps working after a purge and answers 0 for unknown queues and realms', async () => {
    const router = createRouter();
    const producer = router.openSession(session(1));
    producer.enqueue('jobs', { topic: 'jobs', args: ['old'] });
    await router.purgeQueue('realm1', 'jobs');
    producer.enqueue('jobs', { topic: 'jobs', args: ['new'] });
    const received: unknown[] = [];
    producer.consume('jobs', {}, (delivery) => received.push(delivery.message.args?.[0]));
    expect(received).toEqual(['new']);
    expect(await router.purgeQueue('realm1', 'nothing')).toBe(0);
    expect(await router.purgeQueue('nowhere', 'jobs')).toBe(0);
  });

  it('bounds a purge by the queue bound: a full queue empties in one call', async () => {
    const router = createRouter({ limits: { maxQueueLength: 1000 } });
    const producer = router.openSession(session(1));
    for (let n = 0; n < 1000; n++) producer.enqueue('jobs', { topic: 'jobs', args: [n] });
    expect(() => producer.enqueue('jobs', { topic: 'jobs', args: ['over'] })).toThrow(/full/);
    expect(await router.purgeQueue('realm1', 'jobs')).toBe(1000);
    expect(() => producer.enqueue('jobs', { topic: 'jobs', args: ['room again'] })).not.toThrow();
  });
});

describe('Router#stats and realmNames', () => {
  it('counts publishes, deliveries and enqueues, and lists the realms in use', async () => {
    const router = createRouter();
    const a = router.openSession(session(1));
    const b = router.openSession({ ...session(2), realm: 'other' });
    a.subscribe('chat', { match: 'prefix' }, () => {});
    a.subscribe('chat.room1', {}, () => {});
    a.publish({ topic: 'chat.room1', args: [1] });
    b.publish({ topic: 'chat.room1', args: [2] });
    b.enqueue('jobs', { topic: 'jobs', args: [3] });
    expect(router.stats).toMatchObject({ published: 2, delivered: 2, enqueued: 1 });
    expect([...router.realmNames()].sort()).toEqual(['other', 'realm1']);
  });
});
