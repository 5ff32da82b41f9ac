/**
 * The default engine: one node, nothing to connect to, the router's own queues. It runs every
 * port's contract (their single-node parts: it is not multi-node), plus what only it promises.
 */
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/router/index.js';
import { callsContract } from './calls.contract.js';
import { memoryHarness } from './harness.js';
import { lifecycleContract } from './lifecycle.contract.js';
import { queuesContract } from './queues.contract.js';
import { sessionsContract } from './sessions.contract.js';
import { topicsContract } from './topics.contract.js';

topicsContract(memoryHarness);
callsContract(memoryHarness);
queuesContract(memoryHarness);
sessionsContract(memoryHarness);
lifecycleContract(memoryHarness);

describe('memory engine', () => {
  it('is what createRouter uses by default, ready, with a node id', async () => {
    const router = createRouter();
    expect(router.engine.kind).toBe('memory');
    expect(router.engine.nodeId).toMatch(/\S+/);
    await router.engine.start();
    expect(router.engine.notReadyReason()).toBeUndefined();
  });

  it('keeps queues in the router: a queue still refuses messages beyond its bound', () => {
    const router = createRouter({ limits: { maxQueueLength: 1 } });
    const local = router.local();
    local.enqueue('jobs', { topic: 'jobs' });
    expect(() => local.enqueue('jobs', { topic: 'jobs' })).toThrow(/full/);
  });
});
