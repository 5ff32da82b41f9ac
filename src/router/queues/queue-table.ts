/**
 * The named queues of one realm. A queue exists while it holds messages or consumers; messages
 * enqueued while nobody consumes wait for the first consumer. With a multi-node engine
 * (`engine.queues.shared`) messages wait in the engine instead, and a local queue only exists
 * while it has consumers: it takes messages from the engine as its consumers have room.
 *
 * Bounds of a realm's queues: at most `maxQueuesPerRealm` queues and `maxQueuedBytes` of messages
 * waiting or unacked, and each message dropped unread after its expiry (the sender's, or
 * `queueMessageTtl`). A send over a bound fails with `junction.error.queue_full`, naming the limit.
 * Shared queues are bounded the same, cluster-wide, by the engine's service (one atomic check and
 * count per enqueue): their refusal arrives through the promise `enqueue` returns.
 */
import { randomId } from '../../common/ids.js';
import { contentBytes } from '../../payload/size.js';
import type { RouterContext } from '../context.js';
import { validateTopic } from '../patterns/topic-pattern.js';
import type { QueueRefusal } from '../ports.js';
import type { PublishSource } from '../topics/topic-table.js';
import type { ProtocolTraffic } from '../traffic.js';
import {
  type ConsumeOptions,
  type EnqueueInput,
  ErrorUri,
  type QueueConsumer,
  type QueueDeliveryHandler,
  type QueueSnapshot,
  type RoutedMessage,
  RouterError,
  type SessionInfo,
} from '../types.js';
import { Queue } from './queue.js';

export class QueueTable {
  readonly #realm: string;
  readonly #context: RouterContext;
  readonly #queues = new Map<string, Queue>();
  readonly #onShrink: () => void;
  #bytes = 0;

  /** `onShrink` runs when a queue went away (the realm may be empty now). */
  constructor(realm: string, context: RouterContext, onShrink: () => void = () => {}) {
    this.#realm = realm;
    this.#context = context;
    this.#onShrink = onShrink;
  }

  /** Queues holding messages or consumers. */
  get size(): number {
    return this.#queues.size;
  }

  /** Bytes of the local messages waiting or unacked, counted against `maxQueuedBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Stores a message on `queue`. Throws RouterError `invalid_uri` or `junction.error.queue_full`.
   * A shared queue's bounds are checked by the engine's service: the result is then a promise
   * that rejects with `queue_full` when the service refused the message (already handled, so a
   * caller that ignores it loses nothing but the refusal).
   */
  enqueue(queue: string, input: EnqueueInput, source: PublishSource): Promise<void> | undefined {
    const message: RoutedMessage = {
      topic: queue,
      ...(input.args !== undefined && { args: input.args }),
      ...(input.kwargs !== undefined && { kwargs: input.kwargs }),
      headers: input.headers ?? {},
      ...(input.contentType !== undefined && { contentType: input.contentType }),
      ...(!source.local && { publisher: source.session }),
      publicationId: randomId(),
    };
    if (!this.#context.engine.queues.shared) {
      this.#enqueueLocal(queue, message, input.expires);
      this.#context.stats.enqueued++;
      return undefined;
    }
    return this.#enqueueShared(queue, message, input.expires);
  }

  /**
   * Drops the messages waiting on `queue` (not those delivered and awaiting an ack) and resolves
   * with how many. With a shared queue: what this node took and has not delivered, plus what
   * waits in the service; what other nodes took stays with them (docs/admin.md).
   */
  async purge(queue: string): Promise<number> {
    const local = this.#queues.get(queue)?.purge() ?? 0;
    const { queues } = this.#context.engine;
    if (!queues.shared || queues.purge === undefined) return local;
    checkName(queue);
    return local + (await queues.purge(this.#realm, queue));
  }

  /** The engine says `queue` has messages: a local queue with consumers takes some. */
  wake(queue: string): void {
    this.#queues.get(queue)?.pull();
  }

  /** Adds a consumer. Throws RouterError `invalid_uri` or `invalid_argument` for a bad prefetch. */
  consume(
    queue: string,
    session: SessionInfo,
    options: ConsumeOptions,
    handler: QueueDeliveryHandler,
    traffic: ProtocolTraffic,
    onGone: (handle: QueueConsumer) => void,
  ): QueueConsumer {
    const prefetch = options.prefetch ?? 0;
    if (!Number.isInteger(prefetch) || prefetch < 0) {
      throw new RouterError(ErrorUri.INVALID_ARGUMENT, `prefetch must be a non-negative integer, got ${prefetch}`);
    }
    const manual = options.ack === 'manual';
    return this.#queue(queue).consume(session, { manual, prefetch, traffic }, handler, onGone);
  }

  /** Snapshots of the queues that hold messages or consumers, by name. */
  queues(): QueueSnapshot[] {
    return [...this.#queues.values()].map((queue) => queue.snapshot());
  }

  /** The same bounds as a local queue's, checked and counted atomically by the engine's service. */
  #enqueueShared(name: string, message: RoutedMessage, senderExpires = 0): Promise<void> | undefined {
    checkName(name);
    const { maxQueueLength, maxQueuesPerRealm, maxQueuedBytes } = this.#context.limits;
    const expires = this.#expiry(senderExpires);
    if (expires === undefined) return undefined;
    const bytes = contentBytes(message);
    // Refused before any round trip: the realm could not hold it even empty.
    if (bytes > maxQueuedBytes) {
      throw queueFull('maxQueuedBytes', `realm "${this.#realm}" holds 0 of ${maxQueuedBytes} bytes`);
    }
    const bounds = { bytes, expires, maxQueueLength, maxQueuesPerRealm, maxQueuedBytes };
    const stored = this.#context.engine.queues.enqueue(this.#realm, name, message, bounds).then((refusal) => {
      if (refusal !== undefined) throw this.#refusal(name, refusal);
      this.#context.stats.enqueued++;
    });
    stored.catch(() => {});
    return stored;
  }

  /** A shared queue's refusal in the words of a local one's. */
  #refusal(name: string, { limit, held }: QueueRefusal): RouterError {
    const { maxQueuesPerRealm, maxQueuedBytes } = this.#context.limits;
    if (limit === 'maxQueueLength') return queueFull(limit, `Queue "${name}" is full`);
    if (limit === 'maxQueuesPerRealm')
      return queueFull(limit, `realm "${this.#realm}" has ${maxQueuesPerRealm} queues`);
    return queueFull(limit, `realm "${this.#realm}" holds ${held} of ${maxQueuedBytes} bytes`);
  }

  /** The message's expiry (0 = never), or undefined when it is past already: accepted and dropped. */
  #expiry(senderExpires: number): number | undefined {
    const { queueMessageTtl } = this.#context.limits;
    const now = Date.now();
    const expires = earliest(senderExpires, queueMessageTtl > 0 ? now + queueMessageTtl : 0);
    return expires > 0 && expires <= now ? undefined : expires;
  }

  /** A message past its expiry already is accepted and dropped: it must never be delivered. */
  #enqueueLocal(name: string, message: RoutedMessage, senderExpires = 0): void {
    const { maxQueuesPerRealm, maxQueuedBytes } = this.#context.limits;
    const expires = this.#expiry(senderExpires);
    if (expires === undefined) return;
    if (!this.#queues.has(name) && this.#queues.size >= maxQueuesPerRealm) {
      checkName(name);
      throw queueFull('maxQueuesPerRealm', `realm "${this.#realm}" has ${maxQueuesPerRealm} queues`);
    }
    const bytes = contentBytes(message);
    if (this.#bytes + bytes > maxQueuedBytes) {
      throw queueFull('maxQueuedBytes', `realm "${this.#realm}" holds ${this.#bytes} of ${maxQueuedBytes} bytes`);
    }
    const queue = this.#queue(name);
    // Counted before the queue sees it: an auto-ack consumer may settle it during enqueue.
    this.#bytes += bytes;
    try {
      queue.enqueue(message, bytes, expires);
    } catch (err) {
      this.#bytes -= bytes;
      throw err;
    }
  }

  #queue(name: string): Queue {
    const existing = this.#queues.get(name);
    if (existing !== undefined) return existing;
    checkName(name);
    const queue = new Queue(
      name,
      this.#realm,
      this.#context,
      (idle) => {
        if (this.#queues.get(idle.name) !== idle) return;
        this.#queues.delete(idle.name);
        this.#onShrink();
      },
      (bytes) => {
        this.#bytes -= bytes;
      },
    );
    this.#queues.set(name, queue);
    return queue;
  }
}

/** The earlier of two expiries in ms since the epoch, where 0 means never. */
function earliest(a: number, b: number): number {
  if (a <= 0) return b;
  return b <= 0 ? a : Math.min(a, b);
}

function queueFull(limit: string, detail: string): RouterError {
  return new RouterError(ErrorUri.QUEUE_FULL, `Limit ${limit} exceeded: ${detail}`);
}

/** Throws RouterError `wamp.error.invalid_uri` for a name that is not a valid topic. */
function checkName(name: string): void {
  const invalid = validateTopic(name);
  if (invalid !== undefined) {
    throw new RouterError(ErrorUri.INVALID_URI, `Invalid queue name "${name}": ${invalid}`);
  }
}
