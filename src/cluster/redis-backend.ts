/**
 * Redis pub/sub under the channel engine, on the official client (node-redis), with separate
 * publishing and subscribing connections (a subscribed connection can only (un)subscribe).
 *
 * Faults (operations.md §2): the client reconnects with a capped backoff and re-issues every
 * SUBSCRIBE/PSUBSCRIBE itself after a reconnect (checked by test/cluster/redis-fault.test.ts
 * with PUBSUB NUMSUB/NUMPAT). The publishing connection has its offline queue disabled: while
 * Redis is down a publish fails at once (counted by the engine) instead of piling up in memory
 * and arriving late: topics are at-most-once, and a late burst is worse than a gap.
 */
import { createClient, RESP_TYPES } from 'redis';
import type { PubSubBackend } from './backend.js';
import type { QueueStore } from './queue-store.js';
import { type RedisListClient, RedisQueueStore } from './redis-queue-store.js';

type Listener = (message: Buffer, channel: Buffer) => void;

/** The part of a node-redis client the backend uses (structural: no `any` at the seam). */
export interface RedisPubSubClient {
  readonly isReady: boolean;
  on(event: 'error', listener: (err: Error) => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  publish(channel: string, message: Buffer): Promise<unknown>;
  subscribe(channels: string, listener: Listener, bufferMode: true): Promise<void>;
  unsubscribe(channels: string): Promise<void>;
  pSubscribe(patterns: string, listener: Listener, bufferMode: true): Promise<void>;
  pUnsubscribe(patterns: string): Promise<void>;
}

export interface RedisBackendOptions {
  /** `redis://host:port[/db]` or `rediss://...`. */
  readonly url: string;
  /** Longest pause between reconnect attempts, in ms. Default 1000. */
  readonly maxReconnectDelay?: number;
}

class RedisBackend implements PubSubBackend {
  readonly kind = 'redis';
  readonly queues: QueueStore;
  readonly #pub: RedisPubSubClient;
  readonly #sub: RedisPubSubClient;
  #listener: Listener = () => {};
  #lastError: string | undefined;

  constructor(pub: RedisPubSubClient, sub: RedisPubSubClient, lists: RedisListClient) {
    this.queues = new RedisQueueStore(lists);
    this.#pub = pub;
    this.#sub = sub;
    // node-redis emits 'error' on every failed (re)connect; unhandled, it would kill the process.
    const remember = (err: Error) => {
      this.#lastError = err.message || err.name;
    };
    pub.on('error', remember);
    sub.on('error', remember);
  }

  async connect(onMessage: (data: Uint8Array) => void): Promise<void> {
    this.#listener = (message) => onMessage(message);
    await Promise.all([this.#pub.connect(), this.#sub.connect()]);
  }

  /** Closes cleanly when Redis answers; a client still reconnecting is destroyed after 1 s. */
  async close(): Promise<void> {
    const clients = [this.#pub, this.#sub];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const graceful = Promise.allSettled(clients.map((client) => client.close()));
    const late = new Promise((resolve) => {
      timer = setTimeout(resolve, 1000);
    });
    await Promise.race([graceful, late]);
    clearTimeout(timer);
    for (const client of clients) {
      try {
        client.destroy();
      } catch {
        // Already closed: nothing left to release.
      }
    }
  }

  async publish(channel: string, data: Uint8Array): Promise<void> {
    await this.#pub.publish(channel, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  subscribe(channel: string): Promise<void> {
    return this.#sub.subscribe(channel, this.#listener, true);
  }

  unsubscribe(channel: string): Promise<void> {
    return this.#sub.unsubscribe(channel);
  }

  psubscribe(glob: string): Promise<void> {
    return this.#sub.pSubscribe(glob, this.#listener, true);
  }

  punsubscribe(glob: string): Promise<void> {
    return this.#sub.pUnsubscribe(glob);
  }

  notReadyReason(): string | undefined {
    if (this.#pub.isReady && this.#sub.isReady) return undefined;
    return `redis unreachable${this.#lastError === undefined ? '' : ` (${this.#lastError})`}`;
  }
}

/** A backend on two new connections to `options.url`. */
export function createRedisBackend(options: RedisBackendOptions): PubSubBackend {
  const maxDelay = options.maxReconnectDelay ?? 1000;
  const pub = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, maxDelay) },
  });
  // SUBSCRIBE issued while disconnected must wait for the connection, not fail.
  const sub = pub.duplicate({ disableOfflineQueue: false });
  // Queue entries are bytes: the list commands must answer with Buffers, not strings.
  const lists = pub.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  return new RedisBackend(
    pub as unknown as RedisPubSubClient,
    sub as unknown as RedisPubSubClient,
    lists as unknown as RedisListClient,
  );
}

/**
 * A backend on clients the application created (socket.io's redis adapter style): `lists` is
 * `pub.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })`.
 */
export function redisBackendFromClients(
  pub: RedisPubSubClient,
  sub: RedisPubSubClient,
  lists: RedisListClient,
): PubSubBackend {
  return new RedisBackend(pub, sub, lists);
}
