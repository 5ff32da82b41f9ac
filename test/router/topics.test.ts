import { describe, expect, it } from 'vitest';
import type { RoutedMessage, Subscription } from '../../src/router/index.js';
import { inbox, testRouter } from './fixtures.js';

describe('Topics', () => {
  describe('#publish', () => {
    it('delivers the message with its payload, publisher and a publication id', () => {
      const { open } = testRouter();
      const publisher = open({ authid: 'ann' });
      const box = inbox();
      open().subscribe('chat.room1', {}, box.handler);
      const result = publisher.publish({
        topic: 'chat.room1',
        args: ['hi'],
        kwargs: { a: 1 },
        headers: { x: 'y' },
        contentType: 'text/plain',
      });
      expect(box.messages).toEqual([
        {
          topic: 'chat.room1',
          args: ['hi'],
          kwargs: { a: 1 },
          headers: { x: 'y' },
          contentType: 'text/plain',
          publisher: publisher.session,
          publicationId: result.publicationId,
        },
      ]);
      expect(result.delivered).toBe(1);
      expect(Number.isSafeInteger(result.publicationId) && result.publicationId >= 1).toBe(true);
    });

    it('omits the publisher and defaults headers for messages published from code', () => {
      const { router, open } = testRouter();
      const box = inbox();
      open().subscribe('t', {}, box.handler);
      router.local().publish({ topic: 't' });
      expect(box.messages[0]!.publisher).toBeUndefined();
      expect(box.messages[0]!.headers).toEqual({});
    });

    it('reports zero deliveries when nobody subscribes', () => {
      const { open } = testRouter();
      expect(open().publish({ topic: 'nobody' }).delivered).toBe(0);
    });

    it('delivers to the publisher itself unless excludePublisher is set', () => {
      const { open } = testRouter();
      const session = open();
      const box = inbox();
      session.subscribe('t', {}, box.handler);
      session.publish({ topic: 't' });
      session.publish({ topic: 't' }, { excludePublisher: true });
      expect(box.messages).toHaveLength(1);
    });

    it('delivers to every matching subscription of a session, each with its own subscription', () => {
      const { open } = testRouter();
      const session = open();
      const seen: Subscription[] = [];
      const exact = session.subscribe('a.b', {}, (_m, s) => seen.push(s));
      const wild = session.subscribe('a.*', { match: 'wildcard' }, (_m, s) => seen.push(s));
      expect(open().publish({ topic: 'a.b' }).delivered).toBe(2);
      expect(seen).toEqual([exact, wild]);
    });

    it('delivers in the order the subscriptions were made', () => {
      const { open } = testRouter();
      const order: string[] = [];
      const [a, b, c] = [open(), open(), open()];
      a.subscribe('x.#', { match: 'wildcard' }, () => order.push('a'));
      b.subscribe('x.y', {}, () => order.push('b'));
      c.subscribe('x.#', { match: 'wildcard' }, () => order.push('c'));
      a.subscribe('x', { match: 'prefix' }, () => order.push('a2'));
      open().publish({ topic: 'x.y' });
      expect(order).toEqual(['a', 'b', 'c', 'a2']);
    });

    it('keeps delivering to others when a handler throws, and reports the error', () => {
      const { open, errors } = testRouter();
      const box = inbox();
      open().subscribe('t', {}, () => {
        throw new Error('boom');
      });
      open().subscribe('t', {}, box.handler);
      expect(open().publish({ topic: 't' }).delivered).toBe(2);
      expect(box.messages).toHaveLength(1);
      expect(errors).toEqual([new Error('boom')]);
    });

    it('skips a subscription unsubscribed by an earlier handler of the same publish', () => {
      const { open } = testRouter();
      const box = inbox();
      let second: Subscription | undefined;
      open().subscribe('t', {}, () => second?.unsubscribe());
      second = open().subscribe('t', {}, box.handler);
      open().publish({ topic: 't' });
      expect(box.messages).toHaveLength(0);
    });
  });

  describe('publish filters', () => {
    function audience() {
      const { open } = testRouter();
      const received: string[] = [];
      const sessions = {
        ann: open({ authid: 'ann', authrole: 'admin' }),
        bob: open({ authid: 'bob', authrole: 'user' }),
        cat: open({ authid: 'cat', authrole: 'user' }),
      };
      for (const [name, s] of Object.entries(sessions)) s.subscribe('t', {}, () => received.push(name));
      return { publisher: open(), sessions, received };
    }

    it('[WAMP exclude] drops sessions listed by id', () => {
      const { publisher, sessions, received } = audience();
      publisher.publish({ topic: 't' }, { exclude: { sessionIds: [sessions.bob.session.id] } });
      expect(received).toEqual(['ann', 'cat']);
    });

    it('[WAMP exclude_authid, exclude_authrole] drops sessions matching any criterion', () => {
      const { publisher, received } = audience();
      publisher.publish({ topic: 't' }, { exclude: { authids: ['cat'], authroles: ['admin'] } });
      expect(received).toEqual(['bob']);
    });

    it('[WAMP eligible_authrole] keeps only sessions with a listed role', () => {
      const { publisher, received } = audience();
      expect(publisher.publish({ topic: 't' }, { eligible: { authroles: ['user'] } }).delivered).toBe(2);
      expect(received).toEqual(['bob', 'cat']);
    });

    it('[WAMP eligible] requires every listed criterion', () => {
      const { publisher, sessions, received } = audience();
      const ids = [sessions.ann.session.id, sessions.bob.session.id];
      publisher.publish({ topic: 't' }, { eligible: { sessionIds: ids, authroles: ['user'] } });
      expect(received).toEqual(['bob']);
    });

    it('[WAMP exclude + eligible] applies exclusion after eligibility', () => {
      const { publisher, received } = audience();
      publisher.publish({ topic: 't' }, { eligible: { authroles: ['user'] }, exclude: { authids: ['bob'] } });
      expect(received).toEqual(['cat']);
    });
  });

  describe('shared subscriptions', () => {
    it('gives sessions subscribing the same pattern the same subscription id', () => {
      const { router, open } = testRouter();
      const [a, b] = [open(), open()];
      const sa = a.subscribe('t.#', { match: 'wildcard' }, () => {});
      const sb = b.subscribe('t.#', { match: 'wildcard' }, () => {});
      const other = b.subscribe('t.', { match: 'prefix' }, () => {});
      expect(sa.id).toBe(sb.id);
      expect(sa).not.toBe(sb);
      expect(other.id).not.toBe(sa.id);
      const snapshot = router
        .realm('realm1')!
        .subscriptions()
        .find((s) => s.id === sa.id);
      expect(snapshot).toMatchObject({
        pattern: 't.#',
        match: 'wildcard',
        subscribers: [a.session.id, b.session.id],
      });
    });

    it('keeps the subscription until its last subscriber leaves', () => {
      const { router, open } = testRouter();
      const box = inbox();
      const sa = open().subscribe('t', {}, () => {});
      const sb = open().subscribe('t', {}, box.handler);
      sa.unsubscribe();
      sa.unsubscribe();
      open().publish({ topic: 't' });
      expect(box.messages).toHaveLength(1);
      sb.unsubscribe();
      expect(router.realm('realm1')!.subscriptions()).toEqual([]);
    });

    it('lists the subscriptions a topic would reach', () => {
      const { router, open } = testRouter();
      const session = open();
      const hit = session.subscribe('a', { match: 'prefix' }, () => {});
      session.subscribe('b', {}, () => {});
      const view = router.realm('realm1')!;
      expect(view.matchSubscriptions('a.b').map((s) => s.id)).toEqual([hit.id]);
      expect(view.matchSubscriptions('a..b')).toEqual([]);
    });
  });

  it('passes one message object to every subscriber (converted once per publish)', () => {
    const { open } = testRouter();
    const seen: RoutedMessage[] = [];
    open().subscribe('t', {}, (m) => seen.push(m));
    open().subscribe('t', {}, (m) => seen.push(m));
    open().publish({ topic: 't' });
    expect(seen[0]).toBe(seen[1]);
  });
});

describe('Topics in the reserved namespace', () => {
  it('delivers broker events on wamp.* only to subscriptions that name wamp.* themselves', () => {
    const { router, open } = testRouter();
    const catchAll = inbox();
    const everything = inbox();
    const meta = inbox();
    const exact = inbox();
    const session = open();
    session.subscribe('#', { match: 'wildcard' }, catchAll.handler);
    session.subscribe('w', { match: 'prefix' }, everything.handler);
    session.subscribe('wamp.session', { match: 'prefix' }, meta.handler);
    session.subscribe('wamp.session.on_join', {}, exact.handler);
    router.local().publish({ topic: 'wamp.session.on_join', args: [1] });
    router.local().publish({ topic: 'chat.room', args: [2] });
    router.local().publish({ topic: 'web.page', args: [3] });
    expect(catchAll.messages.map((m) => m.topic)).toEqual(['chat.room', 'web.page']);
    expect(everything.messages.map((m) => m.topic)).toEqual(['web.page']);
    expect(meta.messages.map((m) => m.topic)).toEqual(['wamp.session.on_join']);
    expect(exact.messages).toHaveLength(1);
    expect(router.realm('realm1')?.matchSubscriptions('wamp.session.on_join')).toHaveLength(2);
  });
});
