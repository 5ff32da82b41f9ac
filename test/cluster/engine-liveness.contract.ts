/**
 * The engine contract, liveness part: how nodes learn of each other and notice deaths. Run with
 * the main contract by bus-engine.test.ts and redis-engine.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorUri } from '../../src/router/index.js';
import { type EngineHarness, eventually, type HarnessFactory, startNode } from './harness.js';

export function livenessContract(name: string, factory: HarnessFactory): void {
  describe(`${name} engine contract: liveness`, () => {
    let h: EngineHarness;
    beforeEach(() => {
      h = factory();
    });
    afterEach(async () => {
      await h.teardown();
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
      await eventually(() => b.engine.route('realm1', 'hang') !== undefined);
      const call = b.open().call('hang');
      await eventually(() => invoked); // the call is pending on the quiet node, not still on its way
      const crashed = Date.now();
      await h.crash(quiet.engine);
      await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
      expect(Date.now() - crashed).toBeLessThan(3000);
    });
  });
}
