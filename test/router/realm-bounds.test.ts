/**
 * Realms created on first use (issue 12): at most `maxRealms` at once, forgotten once they hold
 * nothing, while the default realm and a fixed list stay. A local handle (a plugin's
 * `broker(realm)`) resolves its realm on each use, so it never publishes into a forgotten one.
 */
import { describe, expect, it } from 'vitest';
import { createRouter, ErrorUri, NO_SUCH_REALM } from '../../src/router/index.js';
import { inbox, sessionInfo, testRouter } from './fixtures.js';

describe('Realm bounds', () => {
  it('refuses a new realm beyond maxRealms with no_such_realm naming the limit; the default realm does not count', () => {
    const { router, open } = testRouter({ limits: { maxRealms: 2 } });
    open({ realm: 'a' });
    open({ realm: 'b' });
    open({ realm: 'realm1' });
    expect(() => open({ realm: 'c' })).toThrowError(
      expect.objectContaining({ uri: NO_SUCH_REALM, message: 'Limit maxRealms (2) reached: realm "c" not created' }),
    );
    expect([...router.realmNames()].sort()).toEqual(['a', 'b', 'realm1']);
    // An existing auto-created realm still takes sessions at the cap.
    expect(open({ realm: 'a' }).realm).toBe('a');
  });

  it('forgets an auto-created realm once its last session leaves, and makes room under the cap', () => {
    const { router, open } = testRouter({ limits: { maxRealms: 1 } });
    const first = open({ realm: 'a' });
    const second = open({ realm: 'a' });
    first.release();
    expect(router.realm('a')).toBeDefined();
    second.release();
    expect(router.realm('a')).toBeUndefined();
    expect(router.realmNames()).toEqual(['realm1']);
    expect(open({ realm: 'b' }).realm).toBe('b');
  });

  it('keeps the default realm and a fixed list when nobody is in them', () => {
    const router = createRouter({ realms: ['main', 'audit'], limits: { maxRealms: 0 } });
    const session = router.openSession(sessionInfo({ realm: 'audit' }));
    session.release();
    expect([...router.realmNames()].sort()).toEqual(['audit', 'main']);
    const auto = createRouter({ limits: { maxRealms: 0 } });
    auto.openSession(sessionInfo({ realm: 'realm1' })).release();
    expect(auto.realmNames()).toEqual(['realm1']);
    expect(() => auto.openSession(sessionInfo({ realm: 'other' }))).toThrowError(
      expect.objectContaining({ uri: ErrorUri.NO_SUCH_REALM }),
    );
  });

  it('keeps a realm while it holds queued messages or a registration, then forgets it', () => {
    const { router, open } = testRouter();
    const producer = open({ realm: 'q' });
    producer.enqueue('jobs', { topic: 'jobs', args: [1] });
    producer.release();
    expect(router.realm('q')?.queues()).toEqual([{ name: 'jobs', waiting: 1, consumers: 0, unacked: 0 }]);
    const consumer = open({ realm: 'q' });
    const got: unknown[] = [];
    consumer.consume('jobs', {}, (delivery) => got.push(delivery.message.args?.[0]));
    consumer.release();
    expect(got).toEqual([1]);
    expect(router.realm('q')).toBeUndefined();

    const registration = router.local('r').register('p', {}, (invocation) => invocation.resolve());
    expect(router.realm('r')?.registrations()).toHaveLength(1);
    registration.unregister();
    expect(router.realm('r')).toBeUndefined();
  });

  it('lets a cached local handle outlive its realm: it reaches the realm as it is now, never the forgotten one', () => {
    const { router, open } = testRouter();
    const broker = router.local('x');
    broker.publish({ topic: 't' });
    // Publishing to nobody leaves nothing to keep.
    expect(router.realm('x')).toBeUndefined();
    const box = inbox();
    const subscriber = open({ realm: 'x' });
    subscriber.subscribe('t', {}, box.handler);
    expect(broker.publish({ topic: 't', args: [1] }).delivered).toBe(1);
    subscriber.release();
    expect(router.realm('x')).toBeUndefined();
    const again = open({ realm: 'x' });
    again.subscribe('t', {}, box.handler);
    broker.publish({ topic: 't', args: [2] });
    expect(box.messages.map((m) => m.args?.[0])).toEqual([1, 2]);
    expect(router.local('x')).toBe(broker);
  });

  it('forgets a realm a local subscription kept once it unsubscribes', () => {
    const { router } = testRouter();
    const subscription = router.local('s').subscribe('t', {}, () => {});
    expect(router.realm('s')?.subscriptions()).toHaveLength(1);
    subscription.unsubscribe();
    expect(router.realm('s')).toBeUndefined();
  });

  it('refuses a local handle of an unknown realm in strict mode at once', () => {
    const router = createRouter({ realms: ['main'] });
    expect(() => router.local('other')).toThrowError(expect.objectContaining({ uri: ErrorUri.NO_SUCH_REALM }));
  });
});
