/**
 * The session port's contract (SessionPort in src/router/ports.ts), driven through real routers.
 * On one node, every engine (memory included): `sessions.list` lists this node's sessions of a
 * realm. Across nodes, for engines with `multiNode`: every live node's.
 * Run by memory-engine.test.ts, bus-engine.test.ts and redis-engine.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EngineHarness, type HarnessFactory, startNodes } from './harness.js';

export function sessionsContract(factory: HarnessFactory): void {
  describe(`${factory.name} engine: session port`, () => {
    let h: EngineHarness;
    beforeEach(() => {
      h = factory.create();
    });
    afterEach(async () => {
      await h.teardown();
    });

    describe('on one node', () => {
      it("lists this node's sessions on a realm, and only that realm's", async () => {
        const [a] = await startNodes(h, 1);
        const ids = [a!.open(), a!.open()].map((s) => s.session.id);
        const other = a!.open({ realm: 'other' });
        const sessions = await a!.engine.sessions.list('realm1');
        expect(sessions.map((s) => s.id).sort()).toEqual(ids.sort());
        expect(sessions[0]).toMatchObject({ realm: 'realm1', authid: 'user', authrole: 'user' });
        expect(await a!.engine.sessions.list('other')).toEqual([other.session]);
        expect(await a!.engine.sessions.list('nowhere')).toEqual([]);
      });

      it('no longer lists a session once it is released', async () => {
        const [a] = await startNodes(h, 1);
        const staying = a!.open();
        a!.open().release();
        expect((await a!.engine.sessions.list('realm1')).map((s) => s.id)).toEqual([staying.session.id]);
      });
    });

    if (factory.multiNode) {
      describe('across nodes', () => {
        it('lists the sessions of every node on a realm', async () => {
          const [a, b, c] = await startNodes(h, 3);
          const ids = [a!.open(), b!.open(), b!.open(), c!.open({ realm: 'other' })].map((s) => s.session.id);
          const sessions = await a!.engine.sessions.list('realm1');
          expect(sessions.map((s) => s.id).sort()).toEqual(ids.slice(0, 3).sort());
        });

        it('kills a session on the node that hosts it, and says no for one nobody hosts', async () => {
          const [a, b, c] = await startNodes(h, 3);
          const target = c!.open();
          expect(await a!.engine.sessions.kill!(target.session.id, 'operator')).toBe(true);
          expect(c!.kills).toEqual([[target.session.id, 'operator']]);
          expect(b!.kills).toEqual([]);
          expect(await a!.engine.sessions.kill!(987654321, 'nobody')).toBe(false);
        });

        it("gathers every other node's subscriptions, registrations and queues", async () => {
          const [a, b] = await startNodes(h, 2);
          const session = b!.open({ realm: 'views' });
          session.subscribe('news', {}, () => {});
          session.register('math.double', {}, () => {});
          session.consume('jobs', {}, () => {});
          const views = await a!.engine.sessions.views!();
          expect(views).toHaveLength(1);
          expect(views[0]!.node).toBe(b!.engine.nodeId);
          expect(views[0]!.realms.find((r) => r.realm === 'views')).toMatchObject({
            subscriptions: [expect.objectContaining({ pattern: 'news', subscribers: [session.session.id] })],
            registrations: [expect.objectContaining({ procedure: 'math.double', callees: [session.session.id] })],
            queues: [{ name: 'jobs', waiting: 0, consumers: 1, unacked: 0 }],
          });
        });
      });
    }
  });
}
