/**
 * Clusters of routers for the engine contract suites (test/cluster/*.contract.ts): the memory
 * engine (one node), the in-process bus, or Redis.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { PubSubBackend } from '../../src/cluster/backend.js';
import { BusBackend, MemoryBus } from '../../src/cluster/bus-engine.js';
import { ChannelEngine, type ChannelEngineOptions } from '../../src/cluster/channel-engine.js';
import { escapeGlob } from '../../src/cluster/channels.js';
import { createRedisBackend } from '../../src/cluster/redis-backend.js';
import { createRouter, type Router, type RouterLimits, type SessionInfo } from '../../src/router/index.js';
import { createMemoryEngine } from '../../src/router/memory-engine.js';
import type { Engine } from '../../src/router/ports.js';
import { eventually } from '../helpers/eventually.js';

export { eventually };

/** Fast liveness for tests: a node unheard of for 600 ms is dead. */
export const TIMING = { heartbeatInterval: 100, nodeTimeout: 600 } as const;

/** An engine under test: the router's ports, plus what the tests wait on. */
export interface TestEngine extends Engine {
  /** Resolves once the service acknowledged every (un)subscribe issued so far. */
  settled(): Promise<void>;
  /** The other nodes this node considers alive. */
  peers(): string[];
}

export interface EngineHarness {
  readonly name: string;
  /** A new node engine on the shared service (not started). */
  engine(options?: ChannelEngineOptions): TestEngine;
  /** Makes a node vanish without a goodbye, as a killed process would. */
  crash(engine: TestEngine): Promise<void>;
  teardown(): Promise<void>;
}

/** What a contract suite runs against: a fresh harness per test. */
export interface HarnessFactory {
  /** 'memory', 'bus', 'redis': names the suites. */
  readonly name: string;
  /** Whether the engine connects nodes (`Engine.multiNode`): the suites' multi-node parts run only then. */
  readonly multiNode: boolean;
  create(): EngineHarness;
}

function harness(
  name: string,
  transport: () => PubSubBackend,
  cleanup: (prefixes: Set<string>) => Promise<void> = async () => {},
): EngineHarness {
  const transports = new Map<TestEngine, PubSubBackend>();
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
    async crash(engine: TestEngine) {
      await transports.get(engine)?.close();
    },
    async teardown() {
      await Promise.all([...transports.keys()].map((engine) => engine.close()));
      await cleanup(prefixes);
    },
  };
}

/** The default engine: every node is a cluster of its own, so only single-node parts apply. */
export const memoryHarness: HarnessFactory = {
  name: 'memory',
  multiNode: false,
  create() {
    const engines: TestEngine[] = [];
    return {
      name: 'memory',
      engine(options: ChannelEngineOptions = {}) {
        // Nothing to wait on: the memory engine subscribes to nothing and knows no other node.
        const extras = { settled: async () => {}, peers: (): string[] => [] };
        const engine = Object.assign(createMemoryEngine({ nodeId: options.nodeId }), extras);
        engines.push(engine);
        return engine;
      },
      async crash() {
        throw new Error('a memory engine has no other node to notice its crash');
      },
      async teardown() {
        await Promise.all(engines.map((engine) => engine.close()));
      },
    };
  },
};

export const busHarness: HarnessFactory = {
  name: 'bus',
  multiNode: true,
  create() {
    const bus = new MemoryBus();
    return harness('bus', () => new BusBackend(bus));
  },
};

/** Redis on `url`; `startNodes` gives every cluster a channel prefix of its own, so runs never interfere. */
export function redisHarness(url: string): HarnessFactory {
  return {
    name: 'redis',
    multiNode: true,
    create: () =>
      harness(
        'redis',
        () => createRedisBackend({ url, maxReconnectDelay: 200 }),
        (p) => dropKeys(url, p),
      ),
  };
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
  readonly router: Router;
  readonly engine: TestEngine;
  readonly errors: unknown[];
  /** Kills other nodes' operators asked of this node (RouterOptions.killSession), as [id, reason]. */
  readonly kills: [number, string][];
  open(overrides?: Partial<SessionInfo>): ReturnType<Router['openSession']>;
}

let nextSessionId = 1;

/** Starts one router on a new engine of the harness; `options` override the test timing, `limits` the router's. */
export async function startNode(
  h: EngineHarness,
  options: ChannelEngineOptions & { prefix: string },
  limits: Partial<RouterLimits> = {},
): Promise<Node> {
  const engine = h.engine({ nodeId: `node-${randomUUID().slice(0, 8)}`, ...options });
  const errors: unknown[] = [];
  const kills: [number, string][] = [];
  // Yes for a session open on this router, as a broker's session registry would answer.
  const killSession = (id: number, reason: string): boolean => {
    const here = router.realmNames().some((name) =>
      router
        .realm(name)!
        .sessions()
        .some((s) => s.id === id),
    );
    if (here) kills.push([id, reason]);
    return here;
  };
  const router: Router = createRouter({ engine, onError: (err) => errors.push(err), killSession, limits });
  await engine.start();
  return {
    router,
    engine,
    errors,
    kills,
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

/**
 * Starts `count` routers, each on its own engine of the harness (all with router `limits`), and
 * waits until they know each other.
 */
export async function startNodes(
  h: EngineHarness,
  count: number,
  prefix = `t${randomUUID()}:`,
  limits: Partial<RouterLimits> = {},
): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    nodes.push(await startNode(h, { nodeId: `node-${i + 1}-${randomUUID().slice(0, 8)}`, prefix }, limits));
  }
  // Every node has heard every other one's heartbeat.
  await eventually(() => nodes.every((node) => node.engine.peers().length === count - 1));
  return nodes;
}

/** Waits until every node's subscriptions are acknowledged by the service. */
export async function settle(nodes: readonly Node[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.engine.settled()));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
