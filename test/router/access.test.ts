/** The router's one authorization decision: rules, invariants, the authorize hook and its cache. */
import { describe, expect, it } from 'vitest';
import { type AccessRequest, AuthorizationPending, RouterError } from '../../src/plugin/index.js';
import { inbox, testRouter } from './fixtures.js';

const refusal = (action: string, uri: string) =>
  expect.objectContaining({ uri: 'wamp.error.not_authorized', kwargs: { action, uri } });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('Access', () => {
  describe('rules', () => {
    const permissions = [
      { role: 'anonymous', uri: 'public.', match: 'prefix' as const, allow: ['subscribe' as const, 'call' as const] },
      { role: 'user', realm: 'realm1', uri: 'orders.*', match: 'wildcard' as const, allow: ['publish' as const] },
    ];

    it('allows what a rule of the role lists and refuses the rest, naming the action and the URI', () => {
      const { open } = testRouter({ access: { permissions } });
      const anonymous = open({ authrole: 'anonymous' });
      expect(() => anonymous.subscribe('public.news', {}, () => {})).not.toThrow();
      expect(thrown(() => anonymous.publish({ topic: 'public.news' }))).toEqual(refusal('publish', 'public.news'));
      expect(thrown(() => open({ authrole: 'user' }).publish({ topic: 'orders.eu.x' }))).toEqual(
        refusal('publish', 'orders.eu.x'),
      );
      expect(() => open({ authrole: 'user' }).publish({ topic: 'orders.eu' })).not.toThrow();
    });

    it('applies a rule that names a realm only in that realm', () => {
      const { open } = testRouter({ access: { permissions } });
      expect(thrown(() => open({ authrole: 'user', realm: 'realm2' }).publish({ topic: 'orders.eu' }))).toEqual(
        refusal('publish', 'orders.eu'),
      );
    });

    it('allows a pattern subscription only when a rule covers every topic it can match', () => {
      const { open } = testRouter({ access: { permissions } });
      const anonymous = open({ authrole: 'anonymous' });
      expect(() => anonymous.subscribe('public.news.', { match: 'prefix' }, () => {})).not.toThrow();
      expect(() => anonymous.subscribe('public.*.x', { match: 'wildcard' }, () => {})).not.toThrow();
      expect(thrown(() => anonymous.subscribe('publ', { match: 'prefix' }, () => {}))).toEqual(
        refusal('subscribe', 'publ'),
      );
      expect(thrown(() => anonymous.subscribe('*.news', { match: 'wildcard' }, () => {}))).toEqual(
        refusal('subscribe', '*.news'),
      );
    });

    it('maps queues onto the same URIs: sending is publish, consuming is subscribe', () => {
      const { open } = testRouter({ access: { permissions } });
      expect(thrown(() => open({ authrole: 'anonymous' }).enqueue('public.jobs', { topic: 'public.jobs' }))).toEqual(
        refusal('publish', 'public.jobs'),
      );
      expect(() => open({ authrole: 'anonymous' }).consume('public.jobs', {}, () => {})).not.toThrow();
    });
  });

  describe('invariants', () => {
    it('refuses publishing to and registering in wamp.* and junction.*, whatever the rules say', () => {
      const { open } = testRouter({
        access: { permissions: [{ role: 'user', uri: '', match: 'prefix', allow: ['publish', 'register'] }] },
      });
      const session = open();
      expect(thrown(() => session.publish({ topic: 'wamp.session.on_join' }))).toEqual(
        refusal('publish', 'wamp.session.on_join'),
      );
      expect(thrown(() => session.register('wamp.session.kill', {}, () => {}))).toEqual(
        refusal('register', 'wamp.session.kill'),
      );
      expect(thrown(() => session.register('junction.', { match: 'prefix' }, () => {}))).toEqual(
        refusal('register', 'junction.'),
      );
    });

    it('never routes a call to a reserved procedure to a catch-all registration', async () => {
      const { open } = testRouter();
      const invoked: string[] = [];
      open().register('#', { match: 'wildcard' }, (inv) => {
        invoked.push(inv.procedure);
        inv.resolve({});
      });
      expect(thrown(() => open().call('wamp.session.count'))).toEqual(
        expect.objectContaining({ uri: 'wamp.error.no_such_procedure' }),
      );
      await open().call('app.x').result;
      expect(invoked).toEqual(['app.x']);
    });

    it('keeps reply paths private: unguessable names, no client subscription, publishing only by name', () => {
      const { open } = testRouter({ access: { permissions: [] } });
      const owner = open();
      const replies = inbox();
      const path = owner.replyPath(replies.handler);
      expect(path.pattern).toMatch(/^junction\.reply\.[0-9a-f]{32}$/);
      const other = open();
      expect(thrown(() => other.subscribe(path.pattern, {}, () => {}))).toEqual(refusal('subscribe', path.pattern));
      expect(thrown(() => other.subscribe('junction.', { match: 'prefix' }, () => {}))).toEqual(
        refusal('subscribe', 'junction.'),
      );
      // Even with no permissions at all, whoever learned the name may answer through it.
      other.publish({ topic: path.pattern, args: ['reply'] });
      expect(replies.messages.map((m) => m.args)).toEqual([['reply']]);
      // Only names shaped like a reply path: the rest of junction.reply. stays reserved.
      expect(thrown(() => other.publish({ topic: 'junction.reply.1.x' }))).toEqual(
        refusal('publish', 'junction.reply.1.x'),
      );
    });

    it('opens the meta procedures that reveal sessions only to admin roles when no permissions are set', () => {
      const { open } = testRouter({ access: { adminRoles: ['ops'] } });
      expect(thrown(() => open().call('wamp.session.list'))).toEqual(refusal('call', 'wamp.session.list'));
      expect(thrown(() => open().call('wamp.subscription.list_subscribers'))).toEqual(
        refusal('call', 'wamp.subscription.list_subscribers'),
      );
      expect(open().authorize('call', 'wamp.session.count')).toBeUndefined();
      expect(open({ authrole: 'ops' }).authorize('call', 'wamp.session.list')).toBeUndefined();
    });

    it('does not ask in-process code (router.local) for permission', () => {
      const { router } = testRouter({ access: { permissions: [] } });
      expect(() => router.local().publish({ topic: 'wamp.session.on_join' })).not.toThrow();
    });
  });

  describe('the authorize hook', () => {
    it('narrows what the rules allow and is asked once per session, action, match and URI', () => {
      const asked: AccessRequest[] = [];
      const { open } = testRouter({
        access: {
          authorize: (request) => {
            asked.push(request);
            return request.uri !== 'secret';
          },
        },
      });
      const session = open({ authid: 'ann' });
      session.publish({ topic: 'news' });
      session.publish({ topic: 'news' });
      expect(thrown(() => session.publish({ topic: 'secret' }))).toEqual(refusal('publish', 'secret'));
      expect(asked.map((r) => [r.session.authid, r.realm, r.action, r.uri, r.match])).toEqual([
        ['ann', 'realm1', 'publish', 'news', 'exact'],
        ['ann', 'realm1', 'publish', 'secret', 'exact'],
      ]);
    });

    it('is never asked about what an invariant refuses', () => {
      let asked = 0;
      const { open } = testRouter({ access: { authorize: () => ++asked > 0 } });
      expect(thrown(() => open().publish({ topic: 'wamp.x' }))).toBeInstanceOf(RouterError);
      expect(asked).toBe(0);
    });

    it('with a promise: the first attempt throws AuthorizationPending, authorize() waits, later checks are synchronous', async () => {
      const { open } = testRouter({ access: { authorize: async (request) => request.uri === 'ok' } });
      const session = open();
      const pending = thrown(() => session.publish({ topic: 'ok' }));
      expect(pending).toBeInstanceOf(AuthorizationPending);
      await (pending as AuthorizationPending).decided;
      expect(() => session.publish({ topic: 'ok' })).not.toThrow();
      await expect(session.authorize('publish', 'no')).rejects.toEqual(refusal('publish', 'no'));
      expect(thrown(() => session.publish({ topic: 'no' }))).toEqual(refusal('publish', 'no'));
    });

    it('refuses when a promise from the hook outlives authorizeTimeout', async () => {
      const { open } = testRouter({
        access: { authorize: () => new Promise<boolean>(() => {}), authorizeTimeout: 50 },
      });
      await expect(open().authorize('publish', 'x')).rejects.toEqual(refusal('publish', 'x'));
    });

    it('refuses when the hook throws or rejects', async () => {
      const { open } = testRouter({
        access: {
          authorize: async () => {
            throw new Error('backend down');
          },
        },
      });
      await expect(open().authorize('subscribe', 'x')).rejects.toEqual(refusal('subscribe', 'x'));
    });
  });
});
