/** WAMP subscription meta events and testaments across nodes of the in-process bus. */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { createBusEngine, MemoryBus } from '../../src/cluster/bus-engine.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { type OpenSession, openSession } from '../protocols/wamp/autobahn-client.js';
import { eventually, TIMING } from './harness.js';
import { converge, sleep } from './peers.js';

describe('WAMP meta events across nodes', () => {
  const started: StartedJunction[] = [];
  const sessions: OpenSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close().catch(() => {})));
    await Promise.all(started.splice(0).map((node) => node.close()));
  });

  async function twoNodes(): Promise<[StartedJunction, StartedJunction]> {
    const bus = new MemoryBus();
    for (const nodeId of ['m1', 'm2']) {
      const engine = createBusEngine(bus, { ...TIMING, nodeId });
      started.push(await startJunction({ protocols: [wamp(), jsonrpc()], engine }));
    }
    return [started[0]!, started[1]!];
  }

  async function connect(node: StartedJunction): Promise<OpenSession> {
    const session = await openSession(node.url, 'json');
    sessions.push(session);
    return session;
  }

  it('[WAMP meta events] a subscription on one node is announced to a meta subscriber on another', async () => {
    const [a, b] = await twoNodes();
    const watcher = await connect(a);
    const seen: unknown[][] = [];
    await watcher.session.subscribe('wamp.subscription.on_subscribe', (args) => seen.push(args ?? []));
    const subscriber = await connect(b);
    // Node interest spreads asynchronously: subscribe again until the first announcement arrives.
    let subscriptionId = 0;
    await converge(async () => {
      const subscription = await subscriber.session.subscribe('com.cluster.news', () => {});
      subscriptionId = subscription.id;
      await sleep(100);
      if (seen.some((args) => args[0] === subscriber.session.id)) return true;
      await subscriber.session.unsubscribe(subscription);
      return false;
    }, 'on_subscribe across nodes');
    expect(seen.filter((args) => args[0] === subscriber.session.id).at(-1)).toEqual([
      subscriber.session.id,
      subscriptionId,
    ]);
  });

  it('[WAMP testament] a testament of a session on one node reaches a subscriber on another', async () => {
    const [a, b] = await twoNodes();
    const watcher = await connect(a);
    const seen: unknown[][] = [];
    await watcher.session.subscribe('com.cluster.gone', (args) => seen.push(args ?? []));
    const client = await connect(b);
    await client.session.call('wamp.session.add_testament', ['com.cluster.gone', [client.session.id]]);
    // The watcher's interest must have reached node b: a probe published there arrives.
    const probes: unknown[] = [];
    await watcher.session.subscribe('com.cluster.probe', () => probes.push(1));
    await converge(async () => {
      b.junction.publish('com.cluster.probe', 1);
      await sleep(50);
      return probes.length > 0;
    }, 'interest of node a on node b');
    const id = client.session.id;
    await client.close();
    await eventually(() => seen.length === 1, 3000);
    expect(seen[0]).toEqual([id]);
  });
});
