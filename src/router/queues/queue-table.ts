/**
 * The named queues of one realm. A queue exists while it holds messages or consumers; messages
 * enqueued while nobody consumes wait for the first consumer. With a multi-node engine
 * (`engine.queues.shared`) messages wait in the engine instead, and a local queue only exists
 * while it has consumers: it takes messages from the engine as its consumers have room.
 */
import { randomId } from '../../common/ids.js';
import type { RouterContext } from '../context.js';
import { validateTopic } from '../patterns/topic-pattern.js';
import type { PublishSource } from '../topics/topic-table.js';
import type { ProtocolTraffic } from '../traffic.js';
import {
  type ConsumeOptions,
  ErrorUri,
  type PublishInput,
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

  constructor(realm: string, context: RouterContext) {
    this.#realm = realm;
    this.#context = context;
  }

  /** Stores a message on `queue`. Throws RouterError `invalid_uri` or `junction.error.queue_full`. */
  enqueue(queue: string, input: PublishInput, source: PublishSource): void {
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
      this.#queue(queue).enqueue(message);
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

  #queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (queue !== undefined) return queue;
    checkName(name);
    queue = new Queue(name, this.#realm, this.#context, (idle) => {
      if (this.#queues.get(idle.name) === idle) this.#queues.delete(idle.name);
    });
    this.#queues.set(name, queue);
    return queue;
  }
}

/** Throws RouterError `wamp.error.invalid_uri` for a name that is not a valid topic. */
function checkName(name: string): void {
  const invalid = validateTopic(name);
  if (invalid !== undefined) {
    throw new RouterError(ErrorUri.INVALID_URI, `Invalid queue name "${name}": ${invalid}`);
  }
}
