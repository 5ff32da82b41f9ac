/** The admin API on two nodes sharing one bus: what is cluster-wide and what is node-local (docs/admin.md). */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { createBusEngine, MemoryBus } from '../../src/cluster/bus-engine.js';
import { eventually, TIMING } from '../cluster/harness.js';
import { jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed } from '../helpers/ws-client.js';
import { adminRequest, bearer } from './admin-client.js';

const TOKEN = 'admin-cluster-token-0123456789';
const authorization = bearer(TOKEN);

describe('the admin API on a cluster', () => {
  const started: StartedJunction[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((node) => node.close()));
  });

  async function twoNodes(): Promise<[StartedJunction, StartedJunction]> {
    const bus = new MemoryBus();
    for (const nodeId of ['a', 'b']) {
      const engine = createBusEngine(bus, { ...TIMING, nodeId });
      started.push(
        await startJunction({ protocols: [jsonrpc()], engine, admin: { tokens: [{ authid: 'ci', token: TOKEN }] } }),
      );
    }
    return [started[0]!, started[1]!];
  }

  const api = (node: StartedJunction, path: string, body?: unknown) =>
    adminRequest(node.url, `/admin/api/${path}`, { authorization, ...(body !== undefined && { body }) });

  it('lists and kills sessions of every node, and publishes to every node', async () => {
    const [a, b] = await twoNodes();
    const peer = await jsonRpcPeer(b.url);
    await peer.request('subscribe', ['news']);
    let sessions: { id: number }[] = [];
    await eventually(async () => {
      sessions = ((await api(a, 'sessions')).body as { items: { id: number }[] }).items;
      return sessions.length === 1;
    });
    const id = sessions[0]!.id;
    // The subscription lives on b; a lists it, tagged with b's node id.
    expect(((await api(a, 'topics')).body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ realm: 'realm1', node: 'b', pattern: 'news', subscribers: 1 }),
    ]);
    // b's interest in `news` reaches a asynchronously: publish until one arrives.
    await eventually(async () => {
      const published = await api(a, 'publish', { topic: 'news', payload: 'cluster-wide' });
      expect(published.body).toMatchObject({ delivered: 0 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      return peer.inbound.length > 0;
    });
    expect(peer.inbound[0]).toMatchObject({ params: { topic: 'news', result: 'cluster-wide' } });
    const ended = closed(peer.ws);
    expect((await api(a, `sessions/${id}/kill`, { reason: 'from node a' })).status).toBe(200);
    expect(await ended).toEqual({ code: 1008, reason: 'from node a' });
    // Every node answers no: 404 at once, not after the timeout.
    const started = Date.now();
    expect((await api(a, `sessions/${id}/kill`, {})).status).toBe(404);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("lists other nodes' procedures, queues and realms, by realm too", async () => {
    const [a, b] = await twoNodes();
    b.junction.register('math.double', (args) => Number(args[0]) * 2, { realm: 'only-on-b' });
    b.junction.router.local('only-on-b').consume('jobs', {}, () => {});
    const body = async (path: string) => (await api(a, path)).body as { items: Record<string, unknown>[] };
    await eventually(async () => (await body('procedures?realm=only-on-b')).items.length === 1);
    expect((await body('procedures?realm=only-on-b')).items).toEqual([
      expect.objectContaining({ realm: 'only-on-b', node: 'b', procedure: 'math.double', callees: 1 }),
    ]);
    expect((await body('queues')).items).toEqual([
      { realm: 'only-on-b', node: 'b', name: 'jobs', depth: 0, consumers: 1, unacked: 0 },
    ]);
    expect((await body('realms')).items).toEqual(
      expect.arrayContaining([{ name: 'only-on-b', sessions: 0, subscriptions: 0, registrations: 1, queues: 1 }]),
    );
    expect((await api(a, 'topics?realm=nowhere')).status).toBe(404);
  });

  it('purges a shared queue for every node', async () => {
    const [a, b] = await twoNodes();
    const producer = a.junction.router.local();
    producer.enqueue('jobs', { topic: 'jobs', args: ['dropped 1'] });
    producer.enqueue('jobs', { topic: 'jobs', args: ['dropped 2'] });
    // The pushes to the shared store settle asynchronously (microtasks on the bus).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await api(a, 'queues/jobs/purge', {})).body).toMatchObject({ purged: 2 });
    producer.enqueue('jobs', { topic: 'jobs', args: ['kept'] });
    const received: unknown[] = [];
    b.junction.router.local().consume('jobs', {}, (delivery) => received.push(delivery.message.args?.[0]));
    await eventually(() => received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual(['kept']);
  });
});
