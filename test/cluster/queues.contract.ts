/**
 * The queue port's contract (QueuePort in src/router/ports.ts), driven through real routers.
 * On one node, every engine (memory included): one consumer per message, redelivery of a
 * nacked message, and `queues.shared` telling who stores the queues (the engine's service, or
 * the router, which then never calls the port). Across nodes, for engines with `multiNode`:
 * consumers on several nodes compete, and a dead node's unacked messages come back. The queue
 * bounds (`maxQueueLength`, `maxQueuesPerRealm`, `maxQueuedBytes`, expiry) hold on every engine,
 * and across nodes for a shared queue.
 * Run by memory-engine.test.ts, bus-engine.test.ts and redis-engine.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorUri, RouterError } from '../../src/router/index.js';
import {
  type EngineHarness,
  eventually,
  type HarnessFactory,
  type Node,
  settle,
  sleep,
  startNodes,
} from './harness.js';

export function queuesContract(factory: HarnessFactory): void {
  describe(`${factory.name} engine: queue port`, () => {
    let h: EngineHarness;
    beforeEach(() => {
      h = factory.create();
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await h.teardown();
    });

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

    /** A message of exactly `bytes` counted bytes (one string argument, no headers). */
    const sized = (queue: string, bytes: number, tag = 'x') => ({ topic: queue, args: [tag.padEnd(bytes, '.')] });
    /** What an enqueue ended with: undefined once stored, else the refusal (thrown, or from the promise). */
    const attempt = async (send: () => Promise<void> | undefined): Promise<unknown> => {
      try {
        await send();
        return undefined;
      } catch (err) {
        return err;
      }
    };
    const queueFull = (limit: string) =>
      expect.objectContaining({
        uri: ErrorUri.QUEUE_FULL,
        message: expect.stringContaining(`Limit ${limit} exceeded`),
      });

    describe('bounds', () => {
      it('refuses a message over maxQueueLength with queue_full, and keeps the ones it holds', async () => {
        const [a] = await startNodes(h, 1, undefined, { maxQueueLength: 2 });
        const producer = a!.open();
        expect(await attempt(() => producer.enqueue('jobs', { topic: 'jobs', args: [1] }))).toBeUndefined();
        expect(await attempt(() => producer.enqueue('jobs', { topic: 'jobs', args: [2] }))).toBeUndefined();
        const refused = await attempt(() => producer.enqueue('jobs', { topic: 'jobs', args: [3] }));
        expect(refused).toBeInstanceOf(RouterError);
        expect(refused).toEqual(queueFull('maxQueueLength'));
        const got: Got[] = [];
        consumer(a!, 'a', got);
        await eventually(() => got.length === 2);
        await sleep(100);
        expect(got.map((g) => g.value)).toEqual([1, 2]);
      });

      it('refuses a message that would open one queue more than maxQueuesPerRealm, until one empties', async () => {
        const [a] = await startNodes(h, 1, undefined, { maxQueuesPerRealm: 2 });
        const producer = a!.open();
        expect(await attempt(() => producer.enqueue('jobs', { topic: 'jobs', args: [1] }))).toBeUndefined();
        expect(await attempt(() => producer.enqueue('other', { topic: 'other', args: [1] }))).toBeUndefined();
        expect(await attempt(() => producer.enqueue('third', { topic: 'third', args: [1] }))).toEqual(
          queueFull('maxQueuesPerRealm'),
        );
        // A queue that holds messages already takes more.
        expect(await attempt(() => producer.enqueue('jobs', { topic: 'jobs', args: [2] }))).toBeUndefined();
        const got: Got[] = [];
        const draining = consumer(a!, 'a', got);
        await eventually(() => got.length === 2);
        draining.cancel();
        await eventually(
          async () => (await attempt(() => producer.enqueue('third', { topic: 'third', args: [1] }))) === undefined,
        );
      });

      it("refuses a message over the realm's maxQueuedBytes, and takes more once one is acked", async () => {
        const [a] = await startNodes(h, 1, undefined, { maxQueuedBytes: 250 });
        const producer = a!.open();
        expect(await attempt(() => producer.enqueue('jobs', sized('jobs', 100, 'a')))).toBeUndefined();
        expect(await attempt(() => producer.enqueue('other', sized('other', 100, 'b')))).toBeUndefined();
        const refused = await attempt(() => producer.enqueue('jobs', sized('jobs', 100, 'c')));
        expect(refused).toEqual(queueFull('maxQueuedBytes'));
        expect((refused as Error).message).toContain('holds 200 of 250 bytes');
        // Larger than the whole bound: refused before any round trip.
        expect(await attempt(() => producer.enqueue('jobs', sized('jobs', 300)))).toEqual(queueFull('maxQueuedBytes'));
        const got: Got[] = [];
        const handle = consumer(a!, 'a', got, { ack: 'manual', prefetch: 1 });
        await eventually(() => got.length === 1);
        // Delivered but unacked: its bytes still count.
        expect(await attempt(() => producer.enqueue('jobs', sized('jobs', 100, 'c')))).toEqual(
          queueFull('maxQueuedBytes'),
        );
        handle.ack(got[0]!.deliveryId);
        await eventually(
          async () => (await attempt(() => producer.enqueue('jobs', sized('jobs', 100, 'c')))) === undefined,
        );
      });

      it("drops a message past its expiry unread (queueMessageTtl, or the sender's), releasing its bytes", async () => {
        const limits = { maxQueuedBytes: 150, maxQueuesPerRealm: 2, queueMessageTtl: 300 };
        const [a] = await startNodes(h, 1, undefined, limits);
        const producer = a!.open();
        expect(await attempt(() => producer.enqueue('jobs', sized('jobs', 100, 'stale')))).toBeUndefined();
        expect(await attempt(() => producer.enqueue('jobs', sized('jobs', 100, 'refused')))).toEqual(
          queueFull('maxQueuedBytes'),
        );
        await sleep(500);
        // The expired message's share is back, for its own queue and for another one.
        expect(await attempt(() => producer.enqueue('spare', sized('spare', 60, 'spare')))).toBeUndefined();
        expect(await attempt(() => producer.enqueue('jobs', sized('jobs', 80, 'fresh')))).toBeUndefined();
        // Already expired when sent: accepted and dropped.
        const past = { ...sized('other', 10, 'past'), expires: Date.now() - 1 };
        expect(await attempt(() => producer.enqueue('other', past))).toBeUndefined();
        const got: Got[] = [];
        consumer(a!, 'a', got);
        await eventually(() => got.length === 1);
        await sleep(200);
        expect(got.map((g) => String(g.value).replace(/\.+$/, ''))).toEqual(['fresh']);
      });
    });

    describe('on one node', () => {
      it('delivers each message to exactly one of the consumers on the node', async () => {
        const [a] = await startNodes(h, 1);
        const got: Got[] = [];
        consumer(a!, 'first', got);
        consumer(a!, 'second', got);
        await settle([a!]);
        const producer = a!.open();
        for (let i = 0; i < 20; i++) producer.enqueue('jobs', { topic: 'jobs', args: [i] });
        await eventually(() => got.length === 20);
        await sleep(100);
        expect(got.map((g) => g.value).sort((x, y) => Number(x) - Number(y))).toEqual([...Array(20).keys()]);
        expect(got.every((g) => !g.redelivered)).toBe(true);
      });

      it('redelivers a nacked message flagged redelivered, to a consumer of the same node', async () => {
        const [a] = await startNodes(h, 1);
        const got: Got[] = [];
        const handle = consumer(a!, 'a', got, { ack: 'manual', prefetch: 1 });
        a!.open().enqueue('jobs', { topic: 'jobs', args: ['retry'] });
        await eventually(() => got.length === 1);
        handle.nack(got[0]!.deliveryId);
        await eventually(() => got.length === 2);
        expect(got[1]).toMatchObject({ value: 'retry', redelivered: true });
        handle.ack(got[1]!.deliveryId);
        await sleep(100);
        expect(got).toHaveLength(2);
      });

      it('stores messages where queues.shared says: in the engine when shared, else in the router', async () => {
        const [a] = await startNodes(h, 1);
        const queues = a!.engine.queues;
        const enqueued = vi.spyOn(queues, 'enqueue');
        const taken = vi.spyOn(queues, 'take');
        const watched = vi.spyOn(queues, 'watch');
        const got: Got[] = [];
        consumer(a!, 'a', got);
        a!.open().enqueue('jobs', { topic: 'jobs', args: ['one'] });
        await eventually(() => got.length === 1);
        if (queues.shared) {
          expect(enqueued.mock.calls).toEqual([
            ['realm1', 'jobs', expect.objectContaining({ args: ['one'] }), expect.objectContaining({ bytes: 3 })],
          ]);
          expect(taken).toHaveBeenCalled();
          expect(watched).toHaveBeenCalledWith('realm1', 'jobs', true);
        } else {
          expect(enqueued).not.toHaveBeenCalled();
          expect(taken).not.toHaveBeenCalled();
          expect(watched).not.toHaveBeenCalled();
        }
      });

      it('purges what waits in a queue, and later messages still flow', async () => {
        const [a] = await startNodes(h, 1);
        const producer = a!.open();
        for (let i = 0; i < 3; i++) producer.enqueue('jobs', { topic: 'jobs', args: [i] });
        await sleep(50);
        expect(await a!.router.purgeQueue('realm1', 'jobs')).toBe(3);
        producer.enqueue('jobs', { topic: 'jobs', args: ['after'] });
        const got: Got[] = [];
        consumer(a!, 'only', got);
        await eventually(() => got.length === 1);
        await sleep(100);
        expect(got.map((g) => g.value)).toEqual(['after']);
      });
    });

    if (factory.multiNode) {
      describe('across nodes', () => {
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

        it("bounds a realm's queued bytes across nodes: a send on one node is refused by what another holds", async () => {
          const [a, b] = await startNodes(h, 2, undefined, { maxQueuedBytes: 150 });
          expect(await attempt(() => a!.open().enqueue('jobs', sized('jobs', 100, 'a')))).toBeUndefined();
          const refused = await attempt(() => b!.open().enqueue('other', sized('other', 100, 'b')));
          expect(refused).toEqual(queueFull('maxQueuedBytes'));
          expect((refused as Error).message).toContain('holds 100 of 150 bytes');
          const got: Got[] = [];
          consumer(b!, 'b', got);
          await eventually(() => got.length === 1);
          await eventually(
            async () => (await attempt(() => b!.open().enqueue('other', sized('other', 100, 'b')))) === undefined,
          );
        });

        it('never delivers a message that expired while it waited in the shared queue', async () => {
          const [a, b] = await startNodes(h, 2);
          const producer = a!.open();
          producer.enqueue('jobs', { ...sized('jobs', 10, 'stale'), expires: Date.now() + 150 });
          producer.enqueue('jobs', sized('jobs', 10, 'live'));
          await sleep(300);
          const got: Got[] = [];
          consumer(b!, 'b', got);
          await eventually(() => got.length === 1);
          await sleep(200);
          expect(got.map((g) => String(g.value).replace(/\.+$/, ''))).toEqual(['live']);
        });

        it('purges a shared queue from any node', async () => {
          const [a, b] = await startNodes(h, 2);
          const producer = b!.open();
          for (const value of ['x', 'y']) producer.enqueue('jobs', { topic: 'jobs', args: [value] });
          await sleep(100);
          expect(await a!.router.purgeQueue('realm1', 'jobs')).toBe(2);
          const got: Got[] = [];
          consumer(b!, 'b', got);
          await sleep(200);
          expect(got).toEqual([]);
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
    }
  });
}
