/** The default engine: one node, nothing to connect to, the router's own queues. */
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/router/index.js';
import { createMemoryEngine } from '../../src/router/memory-engine.js';

describe('memory engine', () => {
  it('is what createRouter uses by default, ready, with a node id', async () => {
    const router = createRouter();
    expect(router.engine.kind).toBe('memory');
    expect(router.engine.nodeId).toMatch(/\S+/);
    await router.engine.start();
    expect(router.engine.notReadyReason()).toBeUndefined();
  });

  it('lists the sessions of its one node', async () => {
    const engine = createMemoryEngine({ nodeId: 'solo' });
    const router = createRouter({ engine });
    const session = router.openSession({ id: 7, realm: 'realm1', authid: 'a', authrole: 'r', protocol: 'test' });
    expect(engine.nodeId).toBe('solo');
    expect(await engine.sessions.list('realm1')).toEqual([session.session]);
    expect(await engine.sessions.list('other')).toEqual([]);
  });

  it('keeps queues in the router: a queue still refuses messages beyond its bound', () => {
    const router = createRouter({ limits: { maxQueueLength: 1 } });
    const local = router.local();
    local.enqueue('jobs', { topic: 'jobs' });
    expect(() => local.enqueue('jobs', { topic: 'jobs' })).toThrow(/full/);
  });

  it('refuses to serve two routers', () => {
    const engine = createMemoryEngine();
    createRouter({ engine });
    expect(() => createRouter({ engine })).toThrow(/already attached/);
  });
});
