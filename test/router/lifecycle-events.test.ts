import { describe, expect, it } from 'vitest';
import type { RegistrationEvent, SubscriptionEvent } from '../../src/router/index.js';
import { testRouter } from './fixtures.js';

const kinds = (events: readonly { kind: string; session: { id: number } }[]) =>
  events.map((event) => [event.kind, event.session.id]);

describe('Router lifecycle events', () => {
  describe('#onSubscription', () => {
    it('[WAMP meta events] reports create, subscribe, unsubscribe and delete once per session', () => {
      const { router, open } = testRouter();
      const events: SubscriptionEvent[] = [];
      router.onSubscription((event) => events.push(event));
      const a = open();
      const b = open();
      const first = a.subscribe('chat.room', {}, () => {});
      const again = a.subscribe('chat.room', {}, () => {});
      const theirs = b.subscribe('chat.room', {}, () => {});
      first.unsubscribe();
      again.unsubscribe();
      theirs.unsubscribe();
      expect(kinds(events)).toEqual([
        ['create', a.session.id],
        ['subscribe', a.session.id],
        ['subscribe', b.session.id],
        ['unsubscribe', a.session.id],
        ['unsubscribe', b.session.id],
        ['delete', b.session.id],
      ]);
      expect(events[0]?.subscription).toEqual({
        id: first.id,
        pattern: 'chat.room',
        match: 'exact',
        created: expect.any(String),
      });
    });

    it('reports the subscriptions a released session held', () => {
      const { router, open } = testRouter();
      const session = open();
      session.subscribe('chat', { match: 'prefix' }, () => {});
      const events: SubscriptionEvent[] = [];
      router.onSubscription((event) => events.push(event));
      session.release();
      expect(events.map((e) => e.kind)).toEqual(['unsubscribe', 'delete']);
      expect(events[1]?.subscription.match).toBe('prefix');
    });

    it('stops after the unsubscriber and survives a throwing listener', () => {
      const { router, open, errors } = testRouter();
      const events: SubscriptionEvent[] = [];
      router.onSubscription(() => {
        throw new Error('listener');
      });
      const off = router.onSubscription((event) => events.push(event));
      const session = open();
      session.subscribe('a', {}, () => {});
      off();
      session.subscribe('b', {}, () => {});
      expect(events).toHaveLength(2);
      expect(errors).toHaveLength(4);
    });
  });

  describe('#onRegistration', () => {
    it('[WAMP meta events] reports create, register, unregister and delete with the invoke policy', () => {
      const { router, open } = testRouter();
      const events: RegistrationEvent[] = [];
      router.onRegistration((event) => events.push(event));
      const a = open();
      const b = open();
      const mine = a.register('com.add', { invoke: 'roundrobin' }, () => ({}));
      b.register('com.add', { invoke: 'roundrobin' }, () => ({}));
      mine.unregister();
      b.release();
      expect(kinds(events)).toEqual([
        ['create', a.session.id],
        ['register', a.session.id],
        ['register', b.session.id],
        ['unregister', a.session.id],
        ['unregister', b.session.id],
        ['delete', b.session.id],
      ]);
      expect(events[0]?.registration).toEqual({
        id: mine.id,
        procedure: 'com.add',
        match: 'exact',
        invoke: 'roundrobin',
        created: expect.any(String),
      });
    });
  });
});
