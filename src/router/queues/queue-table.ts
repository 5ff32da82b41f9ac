/**
 * The named queues of one realm. A queue exists while it holds messages or consumers; messages
 * enqueued while nobody consumes wait for the first consumer. With a multi-node engine
 * (`engine.queues.shared`) messages wait in the engine instead, and a local queue only exists
 * while it has consumers: it takes messages from the engine as its consumers have room.
 *
 * Bounds of a realm's local queues (a shared queue's bound is the service's memory): at most
 * `maxQueuesPerRealm` queues and `maxQueuedBytes` of messages waiting or unacked, and each message
 * dropped unread after its expiry (the sender's, or `queueMessageTtl`). A send over a bound fails
 * with `junction.error.queue_full`, naming the limit.
 */
import { randomId } from '../../common/ids.js';
import { contentBytes } from '../../payload/size.js';
import type { RouterContext } from '../context.js';
import { validateTopic } from '../patterns/topic-pattern.js';
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

  /** Stores a message on `queue`. Throws RouterError `invalid_uri` or `junction.error.queue_full`. */
  enqueue(queue: string, input: EnqueueInput, source: PublishSource): void {
    const message: RoutedMessage = {
      topic: queue,
      ...(input.args !== undefined && { args: input.args }),
      ...(input.kwargs !== undefined && { kwargs: input.kwargs }),
      headers: input.headers ?? {},
      ...(input.contentType !== undefined && { contentType: input.contentType }),
      ...(!source.local && { publisher: source.session }),
      publicationId: randomId(),
    };
    const { engine } = this.#context;
    if (!engine.queues.shared) {
      this.#enqueueLocal(queue, message, input.expires);
      this.#context.stats.enqueued++;
      return;
    }
    checkName(queue);
    // The shared queue's bound is the service's memory; `queue_full` applies to local queues only.
    engine.queues.enqueue(this.#realm, queue, message);
    this.#context.stats.enqueued++;
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

  /** A message past its expiry already is accepted and dropped: it must never be delivered. */
  #enqueueLocal(name: string, message: RoutedMessage, senderExpires = 0): void {
    const { maxQueuesPerRealm, maxQueuedBytes, queueMessageTtl } = this.#context.limits;
    const now = Date.now();
    const expires = earliest(senderExpires, queueMessageTtl > 0 ? now + queueMessageTtl : 0);
    if (expires > 0 && expires <= now) return;
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
