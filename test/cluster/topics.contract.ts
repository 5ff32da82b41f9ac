/**
 * The topic port's contract (TopicPort in src/router/ports.ts), driven through real routers.
 * On one node, every engine (memory included): local delivery first, one hand-over per publish,
 * and the port told when interest in a pattern appears and disappears. Across nodes, for engines
 * with `multiNode`: what a subscriber on another node receives.
 * Run by memory-engine.test.ts, bus-engine.test.ts and redis-engine.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoutedMessage } from '../../src/router/index.js';
import { type EngineHarness, eventually, type HarnessFactory, settle, sleep, startNodes } from './harness.js';

function collect() {
  const messages: RoutedMessage[] = [];
  return { messages, handler: (message: RoutedMessage) => void messages.push(message) };
}

export function topicsContract(factory: HarnessFactory): void {
  describe(`${factory.name} engine: topic port`, () => {
    let h: EngineHarness;
    beforeEach(() => {
      h = factory.create();
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await h.teardown();
    });

    describe('on one node', () => {
      it('delivers a local publish to each matching local subscription once, and never echoes it', async () => {
        const [a] = await startNodes(h, 1);
        const inbox = collect();
        const session = a!.open();
        session.subscribe('news.sport', {}, inbox.handler);
        session.subscribe('news', { match: 'prefix' }, inbox.handler);
        session.subscribe('news.*', { match: 'wildcard' }, inbox.handler);
        await settle([a!]);
        const { delivered } = a!.open().publish({ topic: 'news.sport', args: [1] });
        expect(delivered).toBe(3);
        expect(inbox.messages.map((m) => m.topic)).toEqual(['news.sport', 'news.sport', 'news.sport']);
        await sleep(100);
        expect(inbox.messages).toHaveLength(3);
        expect(a!.engine.stats.received).toBe(0);
      });

      it('hands each publish to the port once, after the local subscribers got it', async () => {
        const [a] = await startNodes(h, 1);
        const inbox = collect();
        a!.open().subscribe('orders', {}, inbox.handler);
        const topics = a!.engine.topics;
        const publish = topics.publish.bind(topics);
        const delivered: number[] = [];
        const spy = vi.spyOn(topics, 'publish').mockImplementation((realm, message, options) => {
          delivered.push(inbox.messages.length);
          publish(realm, message, options);
        });
        const options = { exclude: { authids: ['nobody'] } };
        const { publicationId } = a!.open().publish({ topic: 'orders', args: ['o1'] }, options);
        expect(spy).toHaveBeenCalledTimes(1);
        const [realm, message, handed] = spy.mock.calls[0]!;
        expect(realm).toBe('realm1');
        expect(message).toMatchObject({ topic: 'orders', args: ['o1'], publicationId });
        expect(handed).toEqual(options);
        expect(delivered).toEqual([1]);
      });

      it('tells the port when the first subscription on a pattern appears and the last one goes', async () => {
        const [a] = await startNodes(h, 1);
        const topics = a!.engine.topics;
        const added = vi.spyOn(topics, 'addInterest');
        const removed = vi.spyOn(topics, 'removeInterest');
        const first = a!.open().subscribe('alerts', {}, () => {});
        const second = a!.open().subscribe('alerts', {}, () => {});
        const prefix = a!.open().subscribe('alerts', { match: 'prefix' }, () => {});
        expect(added.mock.calls).toEqual([
          ['realm1', 'alerts', 'exact'],
          ['realm1', 'alerts', 'prefix'],
        ]);
        first.unsubscribe();
        expect(removed).not.toHaveBeenCalled();
        second.unsubscribe();
        prefix.unsubscribe();
        expect(removed.mock.calls).toEqual([
          ['realm1', 'alerts', 'exact'],
          ['realm1', 'alerts', 'prefix'],
        ]);
      });
    });

    if (factory.multiNode) {
      describe('across nodes', () => {
        it('delivers a publish on one node to a subscriber on another, once, with every field intact', async () => {
          const [a, b] = await startNodes(h, 2);
          const inbox = collect();
          b!.open().subscribe('chat.room1', {}, inbox.handler);
          await settle([b!]);
          const publisher = a!.open({ authid: 'ann' });
          const bytes = new Uint8Array([0, 1, 254, 255]);
          const { publicationId } = publisher.publish({
            topic: 'chat.room1',
            args: ['hi', bytes, { nested: bytes }],
            kwargs: { n: 1.5, list: [null, true] },
            headers: { 'x-trace': 'abc' },
            contentType: 'application/octet-stream',
            disclosePublisher: true,
          });
          // A second publish as a marker: one publisher's messages arrive in order, so a duplicate
          // of the first would arrive before it (no waiting for nothing to happen).
          publisher.publish({ topic: 'chat.room1', args: ['end'] });
          await eventually(() => inbox.messages.at(-1)?.args?.[0] === 'end');
          expect(inbox.messages).toHaveLength(2);
          const message = inbox.messages[0]!;
          expect(message).toMatchObject({
            topic: 'chat.room1',
            kwargs: { n: 1.5, list: [null, true] },
            headers: { 'x-trace': 'abc' },
            contentType: 'application/octet-stream',
            disclosePublisher: true,
            publicationId,
            publisher: { id: publisher.session.id, authid: 'ann', realm: 'realm1' },
          });
          const [, binary, nested] = message.args ?? [];
          expect(binary).toBeInstanceOf(Uint8Array);
          expect([...(binary as Uint8Array)]).toEqual([0, 1, 254, 255]);
          expect([...(nested as { nested: Uint8Array }).nested]).toEqual([0, 1, 254, 255]);
        });

        it('reaches prefix and wildcard subscribers on other nodes, including "#" matching zero segments', async () => {
          const [a, b, c] = await startNodes(h, 3);
          const prefix = collect();
          const wildcard = collect();
          b!.open().subscribe('sensor.eu', { match: 'prefix' }, prefix.handler);
          c!.open().subscribe('sensor.#', { match: 'wildcard' }, wildcard.handler);
          await settle([b!, c!]);
          const local = a!.router.local();
          for (const topic of ['sensor', 'sensor.eu.t1', 'sensor.us.t1', 'other.eu']) local.publish({ topic });
          local.publish({ topic: 'sensor.eu.end' }); // a marker both receive, after anything wrong
          const ended = (inbox: { messages: { topic: string }[] }) => inbox.messages.at(-1)?.topic === 'sensor.eu.end';
          await eventually(() => ended(wildcard) && ended(prefix));
          expect(prefix.messages.map((m) => m.topic)).toEqual(['sensor.eu.t1', 'sensor.eu.end']);
          expect(wildcard.messages.map((m) => m.topic)).toEqual([
            'sensor',
            'sensor.eu.t1',
            'sensor.us.t1',
            'sensor.eu.end',
          ]);
        });

        it('escapes glob characters in patterns, so a prefix "room[1]" still receives "room[1].x"', async () => {
          const [a, b] = await startNodes(h, 2);
          const inbox = collect();
          b!.open().subscribe('room[1]', { match: 'prefix' }, inbox.handler);
          b!.open().subscribe('q?.*', { match: 'wildcard' }, inbox.handler);
          await settle([b!]);
          a!.router.local().publish({ topic: 'room[1].x' });
          a!.router.local().publish({ topic: 'roomX.x' });
          a!.router.local().publish({ topic: 'q?.y' });
          a!.router.local().publish({ topic: 'room[1].end' }); // a marker behind anything wrong
          await eventually(() => inbox.messages.at(-1)?.topic === 'room[1].end');
          expect(inbox.messages.map((m) => m.topic)).toEqual(['room[1].x', 'q?.y', 'room[1].end']);
        });

        it('delivers once per local subscription when several patterns of a node match, and never echoes', async () => {
          const [a, b] = await startNodes(h, 2);
          const remote = collect();
          const session = b!.open();
          session.subscribe('news.sport', {}, remote.handler);
          session.subscribe('news', { match: 'prefix' }, remote.handler);
          session.subscribe('news.*', { match: 'wildcard' }, remote.handler);
          const own = collect();
          a!.open().subscribe('news.sport', {}, own.handler);
          await settle([a!, b!]);
          a!.router.local().publish({ topic: 'news.sport', args: [1] });
          a!.router.local().publish({ topic: 'news.sport', args: ['end'] }); // a marker behind anything wrong
          await eventually(() => remote.messages.filter((m) => m.args?.[0] === 'end').length === 3);
          expect(remote.messages.filter((m) => m.args?.[0] === 1)).toHaveLength(3);
          expect(remote.messages).toHaveLength(6);
          expect(own.messages).toHaveLength(2);
          expect(b!.engine.stats.received).toBe(2);
        });

        it('keeps the order of one publisher across nodes', async () => {
          const [a, b] = await startNodes(h, 2);
          const inbox = collect();
          b!.open().subscribe('seq', { match: 'prefix' }, inbox.handler);
          await settle([b!]);
          const publisher = a!.open();
          // Two topics on two channels: one connection per node keeps them in publish order.
          for (let i = 0; i < 200; i++) publisher.publish({ topic: i % 2 ? 'seq.odd' : 'seq.even', args: [i] });
          await eventually(() => inbox.messages.length === 200);
          expect(inbox.messages.map((m) => m.args?.[0])).toEqual([...Array(200).keys()]);
        });

        it('stops receiving a topic on a node once its last local subscription is gone', async () => {
          const [a, b] = await startNodes(h, 2);
          const inbox = collect();
          const first = b!.open().subscribe('alerts', {}, inbox.handler);
          const second = b!.open().subscribe('alerts', {}, inbox.handler);
          await settle([b!]);
          first.unsubscribe();
          a!.router.local().publish({ topic: 'alerts' });
          await eventually(() => inbox.messages.length === 1);
          second.unsubscribe();
          const marker = collect();
          b!.open().subscribe('marker', {}, marker.handler);
          await settle([b!]);
          const received = b!.engine.stats.received;
          a!.router.local().publish({ topic: 'alerts' });
          a!.router.local().publish({ topic: 'marker' }); // arrives after 'alerts' would have
          await eventually(() => marker.messages.length === 1);
          expect(b!.engine.stats.received).toBe(received + 1);
          expect(inbox.messages).toHaveLength(1);
        });

        it('applies exclude and eligible publish options to subscribers on other nodes', async () => {
          const [a, b] = await startNodes(h, 2);
          const ann = collect();
          const bob = collect();
          b!.open({ authid: 'ann' }).subscribe('t', {}, ann.handler);
          b!.open({ authid: 'bob' }).subscribe('t', {}, bob.handler);
          await settle([b!]);
          const publisher = a!.open();
          publisher.publish({ topic: 't', args: ['not ann'] }, { exclude: { authids: ['ann'] } });
          publisher.publish({ topic: 't', args: ['only ann'] }, { eligible: { authids: ['ann'] } });
          publisher.publish({ topic: 't', args: ['end'] }); // a marker both receive, behind anything wrong
          const ended = (inbox: { messages: { args?: readonly unknown[] }[] }) =>
            inbox.messages.at(-1)?.args?.[0] === 'end';
          await eventually(() => ended(ann) && ended(bob));
          expect(ann.messages.map((m) => m.args?.[0])).toEqual(['only ann', 'end']);
          expect(bob.messages.map((m) => m.args?.[0])).toEqual(['not ann', 'end']);
        });
      });
    }
  });
}
