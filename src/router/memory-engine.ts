/**
 * The default engine: one node, no external service. Every cluster operation is a no-op, so the
 * router behaves exactly as a single-node broker.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors/index.js';
import type {
  Engine,
  EngineHost,
  EngineStats,
  LeasedMessage,
  RemoteCall,
  RemoteCallReply,
  RemoteRegistration,
} from './ports.js';
import { ErrorUri, RouterError, type SessionInfo } from './types.js';

class MemoryEngine implements Engine {
  readonly kind = 'memory';
  readonly multiNode = false;
  readonly nodeId: string;
  readonly stats: EngineStats = { published: 0, received: 0, errors: 0 };
  /** The router keeps its queues in memory. */
  readonly sharedQueues = false;
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
  addInterest(): void {}
  removeInterest(): void {}
  publish(): void {}
  addRegistration(): void {}
  removeRegistration(): void {}
  registration(): RemoteRegistration | undefined {
    return undefined;
  }
  route(): RemoteRegistration | undefined {
    return undefined;
  }
  /** Never reached: `route` finds no other node. */
  call(_realm: string, _node: string, _request: unknown, reply: RemoteCallReply): RemoteCall {
    reply.reject(new RouterError(ErrorUri.NO_SUCH_PROCEDURE, 'No other node'));
    return { cancel: () => {} };
  }
  enqueue(): void {}
  async take(): Promise<readonly LeasedMessage[]> {
    return [];
  }
  settle(): void {}
  release(): void {}
  watchQueue(): void {}
  async sessions(realm: string): Promise<readonly SessionInfo[]> {
    return this.#host?.sessions(realm) ?? [];
  }
}

/** Creates the single-node engine (the default of `createRouter` and `createJunction`). */
export function createMemoryEngine(options: { nodeId?: string } = {}): Engine {
  return new MemoryEngine(options.nodeId ?? randomUUID());
}
