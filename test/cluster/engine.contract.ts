/**
 * The engine contract: what every multi-node engine must do, driven through real routers.
 * Run by bus-engine.test.ts (in-process) and redis-engine.test.ts (a real Redis).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallPayload, ErrorUri, type RoutedMessage, RouterError } from '../../src/router/index.js';
import {
  type EngineHarness,
  eventually,
  type HarnessFactory,
  type Node,
  settle,
  sleep,
  startNodes,
} from './harness.js';

function collect() {
  const messages: RoutedMessage[] = [];
  return { messages, handler: (message: RoutedMessage) => void messages.push(message) };
}

export function engineContract(name: string, factory: HarnessFactory): void {
  describe(`${name} engine contract`, () => {
    let h: EngineHarness;
    beforeEach(() => {
      h = factory();
    });
    afterEach(async () => {
      await h.teardown();
    });

    describe('topics', () => {
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

    describe('procedures', () => {
      /** Waits until `node` routes `procedure` to another node. */
      const routed = (node: Node, procedure: string) =>
        eventually(() => node.engine.route('realm1', procedure) !== undefined);

      it('calls a procedure registered on another node, with the caller disclosed on request', async () => {
        const [a, b] = await startNodes(h, 2);
        b!.open().register('math.add', {}, (inv) => {
          const [x, y] = inv.args as number[];
          inv.resolve({ args: [x! + y!], kwargs: { by: inv.caller?.authid ?? null, echo: inv.kwargs?.bytes } });
        });
        await routed(a!, 'math.add');
        const caller = a!.open({ authid: 'carol' });
        const bytes = new Uint8Array([9, 8]);
        const result = await caller.call('math.add', { args: [2, 3], kwargs: { bytes }, discloseCaller: true }).result;
        expect(result.args).toEqual([5]);
        expect(result.kwargs?.by).toBe('carol');
        const echo = result.kwargs?.echo as Uint8Array;
        expect([...echo]).toEqual([9, 8]);
      });

      it('passes errors back with their URI and payload, and no_such_procedure once unregistered', async () => {
        const [a, b] = await startNodes(h, 2);
        const registration = b!
          .open()
          .register('order.place', {}, (inv) =>
            inv.reject(
              new RouterError('com.example.error.invalid_order', 'bad', { args: ['qty'], kwargs: { max: 5 } }),
            ),
          );
        await routed(a!, 'order.place');
        const failure = await a!
          .open()
          .call('order.place')
          .result.catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(RouterError);
        expect(failure).toMatchObject({ uri: 'com.example.error.invalid_order', args: ['qty'], kwargs: { max: 5 } });
        registration.unregister();
        await eventually(() => a!.engine.route('realm1', 'order.place') === undefined);
        await expect(a!.open().call('order.place').result).rejects.toMatchObject({ uri: ErrorUri.NO_SUCH_PROCEDURE });
      });

      it('refuses a second single registration of a procedure another node holds', async () => {
        const [a, b] = await startNodes(h, 2);
        b!.open().register('only.one', {}, (inv) => inv.resolve());
        b!.open().register('shared', { invoke: 'roundrobin' }, (inv) => inv.resolve());
        await routed(a!, 'shared');
        await routed(a!, 'only.one');
        expect(() => a!.open().register('only.one', {}, () => {})).toThrow(
          expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
        );
        expect(() => a!.open().register('shared', { invoke: 'random' }, () => {})).toThrow(
          expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
        );
        expect(() => a!.open().register('shared', { invoke: 'roundrobin' }, () => {})).not.toThrow();
      });

      it('forwards progressive results before the final one', async () => {
        const [a, b] = await startNodes(h, 2);
        b!.open().register('job.run', {}, (inv) => {
          inv.progress({ args: [1] });
          inv.progress({ args: [2] });
          setTimeout(() => inv.resolve({ args: ['done'] }), 20);
        });
        await routed(a!, 'job.run');
        const progress: CallPayload[] = [];
        const result = await a!.open().call('job.run', { onProgress: (p) => progress.push(p) }).result;
        expect(progress.map((p) => p.args?.[0])).toEqual([1, 2]);
        expect(result.args).toEqual(['done']);
      });

      it('times out a remote call and interrupts the remote callee', async () => {
        const [a, b] = await startNodes(h, 2);
        let aborted = false;
        b!.open().register('slow', {}, (inv) => {
          inv.signal.addEventListener('abort', () => {
            aborted = true;
          });
        });
        await routed(a!, 'slow');
        await expect(a!.open().call('slow', { timeout: 100 }).result).rejects.toMatchObject({ uri: ErrorUri.TIMEOUT });
        await eventually(() => aborted);
      });

      it('cancels a remote call: the caller gets canceled at once and the callee is interrupted', async () => {
        const [a, b] = await startNodes(h, 2);
        let aborted = false;
        let invoked = false;
        b!.open().register('long', {}, (inv) => {
          invoked = true;
          inv.signal.addEventListener('abort', () => {
            aborted = true;
          });
        });
        await routed(a!, 'long');
        const call = a!.open().call('long');
        await eventually(() => invoked); // cancel a call the callee holds, not one still on its way
        call.cancel('killnowait');
        await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
        await eventually(() => aborted);
      });

      it('cancels with kill: the caller waits for the interrupted callee, then gets canceled', async () => {
        const [a, b] = await startNodes(h, 2);
        let answered = false;
        let invoked = false;
        b!.open().register('stoppable', {}, (inv) => {
          invoked = true;
          inv.signal.addEventListener('abort', () => {
            setTimeout(() => {
              answered = true;
              inv.resolve({ args: ['partial'] });
            }, 50);
          });
        });
        await routed(a!, 'stoppable');
        const call = a!.open().call('stoppable');
        await eventually(() => invoked);
        call.cancel('kill');
        await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
        expect(answered).toBe(true);
      });

      it('spreads a roundrobin registration over the nodes that share it', async () => {
        const [a, b, c] = await startNodes(h, 3);
        for (const [node, name] of [
          [a!, 'a'],
          [b!, 'b'],
          [c!, 'c'],
        ] as const) {
          node.open().register('work', { invoke: 'roundrobin' }, (inv) => inv.resolve({ args: [name] }));
        }
        await eventually(() => a!.engine.route('realm1', 'work')?.nodes.length === 2);
        const caller = a!.open();
        const answers: unknown[] = [];
        for (let i = 0; i < 6; i++) answers.push((await caller.call('work').result).args?.[0]);
        expect(answers.filter((x) => x === 'a')).toHaveLength(2);
        expect(answers.filter((x) => x === 'b')).toHaveLength(2);
        expect(answers.filter((x) => x === 'c')).toHaveLength(2);
      });

      it('fails pending calls to a node that leaves, and forgets its registrations', async () => {
        const [a, b] = await startNodes(h, 2);
        let invoked = false;
        b!.open().register('hang', {}, () => {
          invoked = true;
        });
        await routed(a!, 'hang');
        const call = a!.open().call('hang');
        await eventually(() => invoked); // the call is pending on b, not still on its way
        await b!.engine.close();
        await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
        expect(a!.engine.route('realm1', 'hang')).toBeUndefined();
      });

      it('fails pending calls to a node that crashes within the node timeout', async () => {
        const [a, b] = await startNodes(h, 2);
        let invoked = false;
        b!.open().register('hang', {}, () => {
          invoked = true;
        });
        await routed(a!, 'hang');
        const call = a!.open().call('hang');
        await eventually(() => invoked); // the call is pending on b, not still on its way
        const crashed = Date.now();
        await h.crash(b!.engine);
        await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
        // nodeTimeout 600 ms plus one heartbeat period of slack.
        expect(Date.now() - crashed).toBeLessThan(1500);
        expect(a!.engine.route('realm1', 'hang')).toBeUndefined();
      });
    });

    describe('queues', () => {
      interface Got {
        readonly node: string;
        readonly value: unknown;
        readonly redelivered: boolean;
        readonly deliveryId: number;
      }
      /** A consumer on `node` that records what it gets (and keeps it unacked when manual). */
      const consumer = (node: Node, name: string, got: Got[], options: { ack?: 'manual'; prefetch?: number } = {}) =>
        node.open().consume('jobs', options, (delivery) => {
          got.push({
            node: name,
            value: delivery.message.args?.[0],
            redelivered: delivery.redelivered,
            deliveryId: delivery.deliveryId,
          });
        });

      it('delivers each message to exactly one consumer across nodes, binary payloads intact', async () => {
        const [a, b, c] = await startNodes(h, 3);
        const got: Got[] = [];
        consumer(a!, 'a', got);
        consumer(b!, 'b', got);
        await settle([a!, b!]);
        const producer = c!.open();
        for (let i = 0; i < 40; i++) producer.enqueue('jobs', { topic: 'jobs', args: [i, new Uint8Array([i])] });
        await eventually(() => got.length === 40);
        await sleep(100);
        expect(got.map((g) => g.value).sort((x, y) => Number(x) - Number(y))).toEqual([...Array(40).keys()]);
        expect(got.every((g) => !g.redelivered)).toBe(true);
      });

      it('keeps messages enqueued before any consumer until one appears on another node', async () => {
        const [a, b] = await startNodes(h, 2);
        a!.open().enqueue('jobs', { topic: 'jobs', args: ['early'] });
        await sleep(50);
        const got: Got[] = [];
        consumer(b!, 'b', got);
        await eventually(() => got.length === 1);
        expect(got[0]).toMatchObject({ value: 'early', redelivered: false });
      });

      it('redelivers a nacked message flagged redelivered, and drops one nacked without requeue', async () => {
        const [a, b] = await startNodes(h, 2);
        const got: Got[] = [];
        const handle = consumer(b!, 'b', got, { ack: 'manual', prefetch: 1 });
        a!.open().enqueue('jobs', { topic: 'jobs', args: ['retry'] });
        a!.open().enqueue('jobs', { topic: 'jobs', args: ['drop'] });
        await eventually(() => got.length === 1);
        await sleep(50);
        // prefetch 1: the second message waits until the first is settled.
        expect(got).toHaveLength(1);
        handle.nack(got[0]!.deliveryId);
        await eventually(() => got.length === 2);
        expect(got[1]).toMatchObject({ value: 'retry', redelivered: true });
        handle.ack(got[1]!.deliveryId);
        await eventually(() => got.length === 3);
        expect(got[2]).toMatchObject({ value: 'drop', redelivered: false });
        handle.nack(got[2]!.deliveryId, { requeue: false });
        // A requeued message goes back to the front: had 'drop' been requeued, it would come before this.
        a!.open().enqueue('jobs', { topic: 'jobs', args: ['end'] });
        await eventually(() => got.length === 4);
        expect(got.map((g) => g.value)).toEqual(['retry', 'retry', 'drop', 'end']);
      });

      it('gives the unacked messages of a consumer that leaves to a consumer on another node', async () => {
        const [a, b] = await startNodes(h, 2);
        const got: Got[] = [];
        const leaving = consumer(a!, 'a', got, { ack: 'manual', prefetch: 2 });
        const producer = b!.open();
        producer.enqueue('jobs', { topic: 'jobs', args: [1] });
        producer.enqueue('jobs', { topic: 'jobs', args: [2] });
        await eventually(() => got.length === 2);
        consumer(b!, 'b', got, { ack: 'manual', prefetch: 5 });
        leaving.cancel();
        await eventually(() => got.length === 4, 3000).catch((err) => {
          throw new Error(`${err}; errors: ${a!.errors.concat(b!.errors).join('; ')}`);
        });
        expect(got.slice(2)).toEqual([
          expect.objectContaining({ node: 'b', value: 1, redelivered: true }),
          expect.objectContaining({ node: 'b', value: 2, redelivered: true }),
        ]);
      });

      it('redelivers the unacked messages of a node that crashes, flagged redelivered', async () => {
        const [a, b] = await startNodes(h, 2);
        const got: Got[] = [];
        consumer(a!, 'a', got, { ack: 'manual', prefetch: 10 });
        await settle([a!]);
        const producer = b!.open();
        for (const value of ['x', 'y']) producer.enqueue('jobs', { topic: 'jobs', args: [value] });
        await eventually(() => got.length === 2);
        consumer(b!, 'b', got, { ack: 'manual' });
        await h.crash(a!.engine);
        // Dead after the node timeout (600 ms); then b's poll (1 s) or a notification finds them.
        await eventually(() => got.length === 4, 4000);
        expect(got.slice(2).map((g) => [g.node, g.value, g.redelivered])).toEqual([
          ['b', 'x', true],
          ['b', 'y', true],
        ]);
      });
    });

    describe('meta', () => {
      it('lists the sessions of every node on a realm', async () => {
        const [a, b, c] = await startNodes(h, 3);
        const ids = [a!.open(), b!.open(), b!.open(), c!.open({ realm: 'other' })].map((s) => s.session.id);
        const sessions = await a!.engine.sessions('realm1');
        expect(sessions.map((s) => s.id).sort()).toEqual(ids.slice(0, 3).sort());
      });

      it('is ready once started and says why not after closing', async () => {
        const [a] = await startNodes(h, 1);
        expect(a!.engine.notReadyReason()).toBeUndefined();
        await a!.engine.close();
        expect(a!.engine.notReadyReason()).toMatch(/closed/);
      });
    });
  });
}
