/**
 * The default engine: one node, no external service. Every port's cross-node operation is a
 * no-op, so the router behaves exactly as a single-node broker and keeps its queues itself.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors/index.js';
import type { CallPort, Engine, EngineHost, EngineStats, QueuePort, SessionPort, TopicPort } from './ports.js';
import { ErrorUri, RouterError } from './types.js';

const noTopics: TopicPort = {
  addInterest() {},
  removeInterest() {},
  publish() {},
};

const noCalls: CallPort = {
  addRegistration() {},
  removeRegistration() {},
  registration: () => undefined,
  route: () => undefined,
  /** Never reached: `route` finds no other node. */
  call(_realm, _node, _request, reply) {
    reply.reject(new RouterError(ErrorUri.NO_SUCH_PROCEDURE, 'No other node'));
    return { cancel() {} };
  },
};

/** `shared: false`: the router keeps its queues in memory and never calls the rest. */
const localQueues: QueuePort = {
  shared: false,
  enqueue: async () => undefined,
  take: async () => [],
  settle() {},
  release() {},
  watch() {},
};

class MemoryEngine implements Engine {
  readonly kind = 'memory';
  readonly multiNode = false;
  readonly nodeId: string;
  readonly stats: EngineStats = { published: 0, received: 0, errors: 0 };
  readonly topics = noTopics;
  readonly calls = noCalls;
  readonly queues = localQueues;
  readonly sessions: SessionPort = { list: async (realm) => this.#host?.sessions(realm) ?? [] };
  #host: EngineHost | undefined;

  constructor(nodeId: string) {
    this.nodeId = nodeId;
  }

  attach(host: EngineHost): void {
    if (this.#host !== undefined) throw new EngineError('JNC_ERR_ENGINE_ATTACHED');
    this.#host = host;
  }

  async start(): Promise<void> {}
  async close(): Promise<void> {}
  notReadyReason(): string | undefined {
    return undefined;
  }
}

/** Creates the single-node engine (the default of `createRouter` and `createJunction`). */
export function createMemoryEngine(options: { nodeId?: string } = {}): Engine {
  return new MemoryEngine(options.nodeId ?? randomUUID());
}
