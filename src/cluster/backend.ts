/**
 * The pub/sub service under a channel engine, with Redis semantics: a message reaches a
 * subscriber once per matching subscription (channel or glob), and messages published on one
 * connection arrive in publish order. Implemented by Redis (redis-backend.ts) and by an
 * in-process bus for multi-node tests (bus-engine.ts).
 */
import type { QueueStore } from './queue-store.js';

/** Bytes on channels, and the shared queues' lists: all a channel engine needs of its service. */
export interface PubSubBackend {
  /** Lists for shared queues, on the same service. */
  readonly queues: QueueStore;
  /** 'redis', 'bus', ... */
  readonly kind: string;
  /**
   * Connects and routes every received message to `onMessage`. Resolves when connected; the
   * backend keeps reconnecting on its own and restores its subscriptions after a reconnect.
   */
  connect(onMessage: (data: Uint8Array) => void): Promise<void>;
  close(): Promise<void>;
  /** Resolves (with the service's answer, of no interest) once the service took the message. */
  publish(channel: string, data: Uint8Array): Promise<unknown>;
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /** Subscribes to a Redis glob (`*`, `?`, `[...]`, `\` escapes). */
  psubscribe(glob: string): Promise<void>;
  punsubscribe(glob: string): Promise<void>;
  /** Undefined when connected, else why not. */
  notReadyReason(): string | undefined;
}
