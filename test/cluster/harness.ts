/** Multi-node clusters of routers for the engine tests: bus (in-process) or Redis harnesses. */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { BusTransport, MemoryBus } from '../../src/cluster/bus-engine.js';
import { ChannelEngine, type ChannelEngineOptions } from '../../src/cluster/channel-engine.js';
import { escapeGlob } from '../../src/cluster/channels.js';
import { createRedisTransport } from '../../src/cluster/redis-transport.js';
import type { PubSubTransport } from '../../src/cluster/transport.js';
import { createRouter, type JunctionRouter, type SessionInfo } from '../../src/router/index.js';

/** Fast liveness for tests: a node unheard of for 600 ms is dead. */
export const TIMING = { heartbeatInterval: 100, nodeTimeout: 600 } as const;

export interface EngineHarness {
  readonly name: string;
  /** A new node engine on the shared service (not started). */
  engine(options?: ChannelEngineOptions): ChannelEngine;
  /** Makes a node vanish without a goodbye, as a killed process would. */
  crash(engine: ChannelEngine): Promise<void>;
  teardown(): Promise<void>;
}

export type HarnessFactory = () => EngineHarness;

function harness(
  name: string,
  transport: () => PubSubTransport,
  cleanup: (prefixes: Set<string>) => Promise<void> = async () => {},
): EngineHarness {
  const transports = new Map<ChannelEngine, PubSubTransport>();
  const prefixes = new Set<string>();
  return {
    name,
    engine(options: ChannelEngineOptions = {}) {
      const t = transport();
      if (options.prefix !== undefined) prefixes.add(options.prefix);
      const engine = new ChannelEngine(t, { ...TIMING, ...options });
      transports.set(engine, t);
      return engine;
    },
    async crash(engine: ChannelEngine) {
      await transports.get(engine)?.close();
    },
    async teardown() {
      await Promise.all([...transports.keys()].map((engine) => engine.close()));
      await cleanup(prefixes);
    },
  };
}

export const busHarness: HarnessFactory = () => {
  const bus = new MemoryBus();
  return harness('bus', () => new BusTransport(bus));
};

/** Redis on `url`; `startNodes` gives every cluster a channel prefix of its own, so runs never interfere. */
export function redisHarness(url: string): HarnessFactory {
  return () =>
    harness(
      'redis',
      () => createRedisTransport({ url, maxReconnectDelay: 200 }),
      (p) => dropKeys(url, p),
    );
}

/** Deletes the keys (queues, processing lists) a test cluster left in the shared Redis. */
async function dropKeys(url: string, prefixes: Set<string>): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  try {
    for (const prefix of prefixes) {
      const keys = await client.keys(`${escapeGlob(prefix)}*`);
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}

export interface Node {
  readonly router: JunctionRouter;
  readonly engine: ChannelEngine;
  readonly errors: unknown[];
  open(overrides?: Partial<SessionInfo>): ReturnType<JunctionRouter['openSession']>;
}

let nextSessionId = 1;

/** Starts one router on a new engine of the harness; `options` override the test timing. */
export async function startNode(h: EngineHarness, options: ChannelEngineOptions & { prefix: string }): Promise<Node> {
  const engine = h.engine({ nodeId: `node-${randomUUID().slice(0, 8)}`, ...options });
  const errors: unknown[] = [];
  const router = createRouter({ engine, onError: (err) => errors.push(err) });
  await engine.start();
  return {
    router,
    engine,
    errors,
    open: (overrides = {}) =>
      router.openSession({
        id: nextSessionId++,
        realm: 'realm1',
        authid: 'user',
        authrole: 'user',
        protocol: 'test',
        ...overrides,
      }),
  };
}

/** Starts `count` routers, each on its own engine of the harness, and waits until they know each other. */
export async function startNodes(h: EngineHarness, count: number, prefix = `t${randomUUID()}:`): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    nodes.push(await startNode(h, { nodeId: `node-${i + 1}-${randomUUID().slice(0, 8)}`, prefix }));
  }
  // Every node has heard every other one's heartbeat.
  await eventually(() => nodes.every((node) => node.engine.peers().length === count - 1));
  return nodes;
}

/** Waits until every node's subscriptions are acknowledged by the service. */
export async function settle(nodes: readonly Node[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.engine.settled()));
}

/** Polls `check` until it returns true (or stops throwing), failing after `timeoutMs`. */
export async function eventually(check: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      if ((await check()) !== false) return;
    } catch (err) {
      failure = err;
    }
    if (Date.now() > deadline) throw failure ?? new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
