/**
 * Redis pub/sub under the channel engine, on the official client (node-redis), with separate
 * publishing and subscribing connections (a subscribed connection can only (un)subscribe).
 *
 * Faults (operations.md §2): the client reconnects with a capped backoff and re-issues every
 * SUBSCRIBE/PSUBSCRIBE itself after a reconnect (checked by test/cluster/redis-fault.test.ts
 * with PUBSUB NUMSUB/NUMPAT). The publishing connection has its offline queue disabled: while
 * Redis is down a publish fails at once (counted by the engine) instead of piling up in memory
 * and arriving late: topics are at-most-once, and a late burst is worse than a gap.
 *
 * PUBLISH, the hot path, goes out without the client's per-command timeout: node-redis makes an
 * `AbortSignal.timeout`, a listener and its removal for every timed command (commands-queue.js
 * `addCommand`), a fifth of a publishing node's work in issue 13's profile. A Redis that stops
 * answering on an open connection is noticed instead by a probe: a PING once per probe period; while one is unanswered for longer than `commandTimeout`, publishes fail at
 * once (what the timeout did: at most that long of messages piles up) and the backend is not ready.
 * Every other command keeps the client's timeout.
 */
import { createClient, RESP_TYPES } from 'redis';
import type { PubSubBackend } from './backend.js';
import type { QueueStore } from './queue-store.js';
import { type RedisListClient, RedisQueueStore } from './redis-queue-store.js';

type Listener = (message: Buffer, channel: Buffer) => void;

/** node-redis's per-command timeout; 0 is none (commands-queue.js `addCommand`: `if (timeout)`). */
const NO_TIMEOUT = { timeout: 0 } as const;

/** The part of a node-redis client the backend uses (structural: no `any` at the seam). */
export interface RedisPubSubClient {
  readonly isReady: boolean;
  on(event: 'error', listener: (err: Error) => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  /** PUBLISH and PING; `timeout` 0 sends without the client's per-command timeout. */
  sendCommand(args: readonly (string | Buffer)[], options?: { readonly timeout?: number }): Promise<unknown>;
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
  /**
   * How long a command may wait for Redis, in ms; for PUBLISH, how long Redis may leave the
   * liveness probe unanswered before publishes fail at once. Default 5000.
   */
  readonly commandTimeout?: number;
}

/** The liveness probe of the publishing connection (see the module comment). */
class PublishProbe {
  readonly #client: RedisPubSubClient;
  readonly #timeout: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** When the unanswered probe was sent; undefined when none is out. */
  #sentAt: number | undefined;
  /** Whether Redis left a probe unanswered longer than the timeout (checked once per period). */
  stalled = false;

  constructor(client: RedisPubSubClient, timeout: number) {
    this.#client = client;
    this.#timeout = timeout;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.#tick(), Math.min(1000, Math.max(10, this.#timeout / 4)));
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Unanswered for how long (ms), once stalled. */
  silence(): number {
    return this.#sentAt === undefined ? 0 : Date.now() - this.#sentAt;
  }

  #tick(): void {
    if (this.#sentAt !== undefined) {
      this.stalled = Date.now() - this.#sentAt > this.#timeout;
      return;
    }
    // Offline (refused at once) is the client's own business: it reconnects, and isReady says so.
    if (!this.#client.isReady) return;
    const sentAt = Date.now();
    this.#sentAt = sentAt;
    const answered = () => {
      if (this.#sentAt !== sentAt) return;
      this.#sentAt = undefined;
      this.stalled = false;
    };
    // Without a timeout: only an answer or the connection's loss (the client then fails what it
    // waited for, and reconnects) ends a probe.
    this.#client.sendCommand(['PING'], NO_TIMEOUT).then(answered, answered);
  }
}

class RedisBackend implements PubSubBackend {
  readonly kind = 'redis';
  readonly queues: QueueStore;
  readonly #pub: RedisPubSubClient;
  readonly #sub: RedisPubSubClient;
  readonly #probe: PublishProbe;
  #listener: Listener = () => {};
  #lastError: string | undefined;

  constructor(pub: RedisPubSubClient, sub: RedisPubSubClient, lists: RedisListClient, commandTimeout = 5000) {
    this.queues = new RedisQueueStore(lists);
    this.#pub = pub;
    this.#sub = sub;
    this.#probe = new PublishProbe(pub, commandTimeout);
    // node-redis emits 'error' on every failed (re)connect; unhandled, it would kill the process.
    const remember = (err: Error) => {
      this.#lastError = err.message || err.name;
    };
    pub.on('error', remember);
    sub.on('error', remember);
  }

  async connect(onMessage: (data: Uint8Array) => void): Promise<void> {
    this.#listener = (message) => onMessage(message);
    this.#probe.start();
    await Promise.all([this.#pub.connect(), this.#sub.connect()]);
  }

  /** Closes cleanly when Redis answers; a client still reconnecting is destroyed after 1 s. */
  async close(): Promise<void> {
    this.#probe.stop();
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

  publish(channel: string, data: Uint8Array): Promise<unknown> {
    if (this.#probe.stalled) return Promise.reject(new Error(this.#stallReason()));
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.#pub.sendCommand(['PUBLISH', channel, bytes], NO_TIMEOUT);
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
    if (this.#pub.isReady && this.#sub.isReady) return this.#probe.stalled ? this.#stallReason() : undefined;
    return `redis unreachable${this.#lastError === undefined ? '' : ` (${this.#lastError})`}`;
  }

  #stallReason(): string {
    return `redis not answering (a PING unanswered for ${this.#probe.silence()} ms)`;
  }
}

/** A backend on two new connections to `options.url`. */
export function createRedisBackend(options: RedisBackendOptions): PubSubBackend {
  const maxDelay = options.maxReconnectDelay ?? 1000;
  const commandTimeout = options.commandTimeout ?? 5000;
  const pub = createClient({
    url: options.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeout },
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
    commandTimeout,
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
  commandTimeout?: number,
): PubSubBackend {
  return new RedisBackend(pub, sub, lists, commandTimeout);
}
