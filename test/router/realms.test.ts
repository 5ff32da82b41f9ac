import { describe, expect, it } from 'vitest';
import { createRouter, ErrorUri, type Router, type RouterEvents, type SessionInfo } from '../../src/router/index.js';
import { inbox, sessionInfo, testRouter } from './fixtures.js';

describe('Router', () => {
  describe('realms', () => {
    it('starts with the default realm realm1 and the default limits', () => {
      const router = createRouter();
      expect(router.defaultRealm).toBe('realm1');
      expect(router.realm('realm1')?.name).toBe('realm1');
      expect(router.limits).toEqual({
        maxQueueLength: 10_000,
        maxSubscriptionsPerSession: 1000,
        maxRegistrationsPerSession: 1000,
        maxPendingCallsPerSession: 1000,
        maxRealms: 100,
        maxQueuesPerRealm: 1000,
        maxQueuedBytes: 64 * 1024 * 1024,
        queueMessageTtl: 24 * 60 * 60 * 1000,
      });
    });

    it('takes the default for limits given as undefined', () => {
      const router = createRouter({ limits: { maxQueueLength: 5, maxSubscriptionsPerSession: undefined } });
      expect(router.limits).toMatchObject({ maxQueueLength: 5, maxSubscriptionsPerSession: 1000 });
    });

    it('creates a realm on first use and keeps realms isolated', () => {
      const { router, open } = testRouter();
      expect(router.hasRealm('other')).toBe(true);
      expect(router.realm('other')).toBeUndefined();
      const box = inbox();
      open({ realm: 'other' }).subscribe('t', {}, box.handler);
      open({ realm: 'realm1' }).publish({ topic: 't' });
      expect(box.messages).toHaveLength(0);
      router.local('other').publish({ topic: 't' });
      expect(box.messages).toHaveLength(1);
      expect(router.realm('other')?.name).toBe('other');
    });

    it('refuses realm names that are not valid URIs', () => {
      const router = createRouter();
      expect(router.hasRealm('bad realm')).toBe(false);
      expect(() => router.openSession(sessionInfo({ realm: '' }))).toThrowError(
        expect.objectContaining({ uri: 'wamp.error.no_such_realm' }),
      );
    });

    it('[WAMP HELLO] refuses unknown realms with no_such_realm when realms are fixed', () => {
      const router = createRouter({ realms: ['a'], defaultRealm: 'main' });
      expect(router.hasRealm('a')).toBe(true);
      expect(router.hasRealm('main')).toBe(true);
      expect(router.hasRealm('b')).toBe(false);
      expect(() => router.openSession(sessionInfo({ realm: 'b' }))).toThrowError(
        expect.objectContaining({ uri: 'wamp.error.no_such_realm' }),
      );
      expect(() => router.local('b')).toThrowError(expect.objectContaining({ uri: 'wamp.error.no_such_realm' }));
      expect(router.openSession(sessionInfo({ realm: 'a' })).realm).toBe('a');
      expect(router.local().realm).toBe('main');
    });

    it('lists open sessions, without the local handle', () => {
      const { router, open } = testRouter();
      const a = open();
      router.local().publish({ topic: 't' });
      expect(router.realm('realm1')!.sessions()).toEqual([a.session]);
    });

    it('refuses to open the same session id twice', () => {
      const router = createRouter();
      const info = sessionInfo();
      router.openSession(info);
      expect(() => router.openSession(info)).toThrowError(expect.objectContaining({ uri: ErrorUri.INVALID_ARGUMENT }));
    });
  });

  describe('#local', () => {
    it('is a trusted in-process session, cached per realm', () => {
      // Also checks that createRouter's result is the Router contract plus events.
      const router: Router & RouterEvents = createRouter();
      const local = router.local();
      expect(local.session).toMatchObject({
        realm: 'realm1',
        authid: 'junction',
        authrole: 'trusted',
        protocol: 'local',
      });
      expect(router.local('realm1')).toBe(local);
      expect(router.local('other')).not.toBe(local);
    });

    it('registers procedures that remote sessions call', async () => {
      const { router, open } = testRouter();
      router
        .local()
        .register('add', {}, (inv) => inv.resolve({ args: [(inv.args as number[]).reduce((a, b) => a + b)] }));
      await expect(open().call('add', { args: [1, 2, 3] }).result).resolves.toEqual({ args: [6] });
    });

    it('gives a fresh handle after release', () => {
      const router = createRouter();
      const local = router.local();
      local.release();
      expect(router.local()).not.toBe(local);
    });
  });

  describe('session events', () => {
    it('emits join on open and leave once on release', () => {
      const { router, open } = testRouter();
      const events: [string, SessionInfo][] = [];
      router.on('join', (info) => events.push(['join', info]));
      const off = router.on('leave', (info) => events.push(['leave', info]));
      const session = open();
      session.release();
      session.release();
      off();
      open().release();
      expect(events).toEqual([
        ['join', session.session],
        ['leave', session.session],
        ['join', expect.anything()],
      ]);
    });

    it('reports a listener that throws and still opens the session', () => {
      const { router, open, errors } = testRouter();
      router.on('join', () => {
        throw new Error('listener');
      });
      expect(open().session.id).toEqual(expect.any(Number));
      expect(errors).toEqual([new Error('listener')]);
    });
  });

  describe('SessionHandle#release', () => {
    it('frees subscriptions, consumers, registrations and pending calls at once', async () => {
      const { router, open } = testRouter();
      const callee = open();
      callee.register('slow', {}, () => {});
      const session = open();
      session.subscribe('a', {}, () => {});
      session.subscribe('b.', { match: 'prefix' }, () => {});
      session.consume('jobs', { ack: 'manual' }, () => {});
      session.register('p', {}, () => {});
      session.register('q.#', { match: 'wildcard', invoke: 'roundrobin' }, () => {});
      const call = session.call('slow');
      session.enqueue('jobs', { topic: 'jobs' });
      session.release();
      const view = router.realm('realm1')!;
      expect(view.subscriptions()).toEqual([]);
      expect(view.registrations().map((r) => r.procedure)).toEqual(['slow']);
      expect(view.queues()).toEqual([{ name: 'jobs', waiting: 1, consumers: 0, unacked: 0 }]);
      expect(view.sessions()).toEqual([callee.session]);
      await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
    });

    it('refuses new work after release', async () => {
      const { open } = testRouter();
      const session = open();
      session.release();
      expect(() => session.subscribe('a', {}, () => {})).toThrowError(
        expect.objectContaining({ uri: ErrorUri.UNAVAILABLE }),
      );
      expect(() => session.publish({ topic: 'a' })).toThrowError(
        expect.objectContaining({ uri: ErrorUri.UNAVAILABLE }),
      );
      expect(() => session.call('a')).toThrowError(expect.objectContaining({ uri: ErrorUri.UNAVAILABLE }));
    });
  });

  describe('limits', () => {
    it('throws limit_exceeded beyond maxSubscriptionsPerSession, counting queue consumers, until one is freed', () => {
      const { open } = testRouter({ limits: { maxSubscriptionsPerSession: 2 } });
      const session = open();
      const first = session.subscribe('a', {}, () => {});
      session.consume('jobs', {}, () => {});
      expect(() => session.subscribe('c', {}, () => {})).toThrowError(
        expect.objectContaining({ uri: ErrorUri.LIMIT_EXCEEDED }),
      );
      expect(() => session.consume('q', {}, () => {})).toThrowError(
        expect.objectContaining({ uri: ErrorUri.LIMIT_EXCEEDED }),
      );
      first.unsubscribe();
      expect(session.subscribe('c', {}, () => {}).pattern).toBe('c');
      expect(() => open().subscribe('d', {}, () => {})).not.toThrow();
    });

    it('throws limit_exceeded beyond maxRegistrationsPerSession', () => {
      const { open } = testRouter({ limits: { maxRegistrationsPerSession: 1 } });
      const session = open();
      const first = session.register('a', {}, () => {});
      expect(() => session.register('b', {}, () => {})).toThrowError(
        expect.objectContaining({ uri: ErrorUri.LIMIT_EXCEEDED }),
      );
      first.unregister();
      expect(session.register('b', {}, () => {}).procedure).toBe('b');
    });
  });
});
