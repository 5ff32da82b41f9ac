/** createJunction on the in-process bus: readiness follows the engine, local delivery never stops. */
import { afterEach, describe, expect, it } from 'vitest';
import { createBusEngine, MemoryBus } from '../../src/cluster/bus-engine.js';
import type { RoutedMessage } from '../../src/router/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { getJson } from '../helpers/ws-client.js';
import { eventually, TIMING } from './harness.js';

describe('createJunction with a cluster engine', () => {
  const started: StartedJunction[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((node) => node.close()));
  });

  async function cluster(bus: MemoryBus, count: number): Promise<StartedJunction[]> {
    for (let i = 0; i < count; i++) {
      const engine = createBusEngine(bus, { ...TIMING, nodeId: `j${i}` });
      started.push(await startJunction({ protocols: [], engine }));
    }
    return started;
  }

  const readyz = async (node: StartedJunction) => (await getJson(`${node.url.replace('ws', 'http')}/readyz`)).status;

  it('answers /readyz 503 while the engine is down and 200 once it is back', async () => {
    const bus = new MemoryBus();
    const [a, b] = await cluster(bus, 2);
    await eventually(async () => (await readyz(a!)) === 200);
    const local: RoutedMessage[] = [];
    const remote: RoutedMessage[] = [];
    a!.junction.subscribe('news', (m) => local.push(m));
    b!.junction.subscribe('news', (m) => remote.push(m));
    bus.down = true;
    expect(await readyz(a!)).toBe(503);
    expect((await getJson(`${a!.url.replace('ws', 'http')}/readyz`)).body).toMatchObject({ reason: 'bus is down' });
    // The publisher's own node keeps delivering; the failure is counted, not thrown.
    expect(() => a!.junction.publish('news', 1)).not.toThrow();
    expect(local).toHaveLength(1);
    await eventually(() => a!.junction.router.engine.stats.errors > 0);
    bus.down = false;
    await eventually(async () => (await readyz(a!)) === 200);
    a!.junction.publish('news', 2);
    await eventually(() => remote.length === 1);
    expect(remote[0]?.args).toEqual([2]);
  });

  it('lets in-process procedures of one node be called from another', async () => {
    const [a, b] = await cluster(new MemoryBus(), 2);
    b!.junction.register('math.double', (args) => Number(args[0]) * 2);
    await eventually(() => a!.junction.router.engine.calls.route('realm1', 'math.double') !== undefined);
    expect(await a!.junction.call('math.double', { args: [21] })).toEqual({ args: [42] });
  });
});
