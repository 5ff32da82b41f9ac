/**
 * The engine lifecycle's contract (Engine in src/router/ports.ts, outside its ports), driven
 * through real routers. On one node, every engine (memory included): ready once started, its
 * node id kept, one router only. Across nodes, for engines with `multiNode`: liveness (how nodes
 * learn of each other and notice deaths) and readiness after closing.
 * Run by memory-engine.test.ts, bus-engine.test.ts and redis-engine.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, ErrorUri } from '../../src/router/index.js';
import { type EngineHarness, eventually, type HarnessFactory, startNode, startNodes } from './harness.js';

export function lifecycleContract(factory: HarnessFactory): void {
  describe(`${factory.name} engine: lifecycle`, () => {
    let h: EngineHarness;
    beforeEach(() => {
      h = factory.create();
    });
    afterEach(async () => {
      await h.teardown();
    });

    describe('on one node', () => {
      it('is ready once started, with the node id it was given, and says whether it is multi-node', async () => {
        const [a] = await startNodes(h, 1);
        expect(a!.engine.notReadyReason()).toBeUndefined();
        expect(a!.engine.nodeId).toMatch(/^node-1-/);
        expect(a!.engine.multiNode).toBe(factory.multiNode);
        expect(a!.engine.kind).toBe(factory.name);
      });

      it('refuses to serve two routers', () => {
        const engine = h.engine();
        createRouter({ engine });
        expect(() => createRouter({ engine })).toThrow(/already attached/);
      });
    });

    if (factory.multiNode) {
      describe('across nodes', () => {
        it('is ready once started and says why not after closing', async () => {
          const [a] = await startNodes(h, 1);
          expect(a!.engine.notReadyReason()).toBeUndefined();
          await a!.engine.close();
          expect(a!.engine.notReadyReason()).toMatch(/closed/);
        });

        it('learns at once of a node whose first heartbeat it missed, and fails calls to it when it crashes', async () => {
          const prefix = `t${randomUUID()}:`;
          // This node heartbeats when it starts and then only every minute: the next node misses it.
          const quiet = await startNode(h, { prefix, heartbeatInterval: 60_000, nodeTimeout: 60_000 });
          const b = await startNode(h, { prefix, heartbeatInterval: 100, nodeTimeout: 1500 });
          // Told by the quiet node, which answers a newcomer's heartbeat with its own.
          await eventually(() => b.engine.peers().includes(quiet.engine.nodeId), 2000);
          let invoked = false;
          quiet.open().register('hang', {}, () => {
            invoked = true;
          });
          await eventually(() => b.engine.calls.route('realm1', 'hang') !== undefined);
          const call = b.open().call('hang');
          await eventually(() => invoked); // the call is pending on the quiet node, not still on its way
          const crashed = Date.now();
          await h.crash(quiet.engine);
          await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
          expect(Date.now() - crashed).toBeLessThan(3000);
        });
      });
    }
  });
}
