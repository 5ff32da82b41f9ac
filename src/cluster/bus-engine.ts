/**
 * Several nodes in one process on a shared in-memory bus (socket.io's EventEmitterAdapter), for
 * fast multi-node tests without Redis. The bus imitates Redis pub/sub: a message reaches each
 * node once per matching channel or glob subscription, asynchronously, in publish order; it can
 * also be taken down (`bus.down = true`) to rehearse an outage.
 */

import { EngineError } from '../errors/index.js';
import type { PubSubBackend } from './backend.js';
import { ChannelEngine, type ChannelEngineOptions } from './channel-engine.js';
import { createMemoryQueueData, MemoryQueueStore } from './memory-queue-store.js';

/** A shared bus; pass the same one to every node's `createBusEngine`. */
export class MemoryBus {
  /** While true, publishes fail and nothing is delivered (an outage of the service). */
  down = false;
  /** The shared queues' lists. */
  readonly queueData = createMemoryQueueData();
  readonly #members = new Set<BusBackend>();

  join(member: BusBackend): void {
    this.#members.add(member);
  }

  leave(member: BusBackend): void {
    this.#members.delete(member);
  }

  publish(channel: string, data: Uint8Array): void {
    if (this.down) throw new EngineError('JNC_ERR_ENGINE_UNAVAILABLE', ['bus']);
    const copy = Uint8Array.from(data);
    for (const member of this.#members) {
      const copies = member.matches(channel);
      // Delivery in a later task, like a network hop: publish never re-enters the publisher.
      for (let i = 0; i < copies; i++) queueMicrotask(() => member.receive(copy));
    }
  }
}

export class BusBackend implements PubSubBackend {
  readonly kind = 'bus';
  readonly queues: MemoryQueueStore;
  readonly #bus: MemoryBus;
  readonly #channels = new Set<string>();
  readonly #globs = new Map<string, RegExp>();
  #onMessage: ((data: Uint8Array) => void) | undefined;
  #closed = false;

  constructor(bus: MemoryBus) {
    this.#bus = bus;
    this.queues = new MemoryQueueStore(bus.queueData, () => bus.down || this.#closed);
  }

  async connect(onMessage: (data: Uint8Array) => void): Promise<void> {
    this.#onMessage = onMessage;
    this.#bus.join(this);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#bus.leave(this);
    this.#onMessage = undefined;
  }

  async publish(channel: string, data: Uint8Array): Promise<void> {
    if (this.#closed) throw new EngineError('JNC_ERR_ENGINE_CLOSED', ['bus backend']);
    this.#bus.publish(channel, data);
  }

  async subscribe(channel: string): Promise<void> {
    this.#channels.add(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.#channels.delete(channel);
  }

  async psubscribe(glob: string): Promise<void> {
    this.#globs.set(glob, globToRegExp(glob));
  }

  async punsubscribe(glob: string): Promise<void> {
    this.#globs.delete(glob);
  }

  notReadyReason(): string | undefined {
    if (this.#closed) return 'bus backend closed';
    return this.#bus.down ? 'bus is down' : undefined;
  }

  /** How many of this member's subscriptions match `channel` (Redis sends one copy each). */
  matches(channel: string): number {
    let count = this.#channels.has(channel) ? 1 : 0;
    for (const regexp of this.#globs.values()) if (regexp.test(channel)) count++;
    return count;
  }

  receive(data: Uint8Array): void {
    if (!this.#bus.down) this.#onMessage?.(data);
  }
}

/** Redis glob semantics for the subset the engine produces: `*`, `?` and `\` escapes. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else {
      const literal = char === '\\' && i + 1 < glob.length ? glob[++i]! : char;
      source += literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Creates one node's engine on a shared bus. */
export function createBusEngine(bus: MemoryBus, options: ChannelEngineOptions = {}): ChannelEngine {
  return new ChannelEngine(new BusBackend(bus), options);
}
