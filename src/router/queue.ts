/**
 * One named queue: store-and-forward with competing consumers (each message goes to exactly one
 * consumer, round robin among those with capacity), manual or auto acknowledgement, prefetch,
 * and redelivery of unacknowledged messages, flagged `redelivered`, at the front of the queue.
 */
import { Deque } from './deque.js';
import type { RouterContext } from './options.js';
import {
  ErrorUri,
  type QueueConsumer,
  type QueueDeliveryHandler,
  type RoutedMessage,
  RouterError,
  type SessionInfo,
} from './types.js';

interface QueuedMessage {
  readonly message: RoutedMessage;
  redelivered: boolean;
}

interface Consumer {
  readonly session: SessionInfo;
  readonly manual: boolean;
  /** Maximum unacked deliveries in flight; 0 = unlimited. */
  readonly prefetch: number;
  readonly handler: QueueDeliveryHandler;
  readonly unacked: Map<number, QueuedMessage>;
  readonly handle: QueueConsumer;
  active: boolean;
}

/** Deliveries made in one synchronous run before yielding to the event loop. */
const DISPATCH_BUDGET = 10_000;

/** Waiting, consumed and in-flight counts of one queue, for operators and tests. */
export interface QueueSnapshot {
  readonly name: string;
  readonly waiting: number;
  readonly consumers: number;
  readonly unacked: number;
}

export class Queue {
  readonly name: string;
  readonly #realm: string;
  readonly #context: RouterContext;
  readonly #onIdle: (queue: Queue) => void;
  readonly #messages = new Deque<QueuedMessage>();
  readonly #consumers: Consumer[] = [];
  #roundRobin = 0;
  #nextDeliveryId = 1;
  /** Re-entrancy guard: a handler that acks or enqueues inside a delivery joins the running loop. */
  #dispatching = false;
  #scheduled = false;

  constructor(name: string, realm: string, context: RouterContext, onIdle: (queue: Queue) => void) {
    this.name = name;
    this.#realm = realm;
    this.#context = context;
    this.#onIdle = onIdle;
  }

  /** True when the queue holds nothing and nobody consumes it, so it can be forgotten. */
  get idle(): boolean {
    return this.#messages.length === 0 && this.#consumers.length === 0;
  }

  /** Stores a message. Throws RouterError `junction.error.queue_full` at the bound. */
  enqueue(message: RoutedMessage): void {
    if (this.#messages.length >= this.#context.limits.maxQueueLength) {
      throw new RouterError(ErrorUri.QUEUE_FULL, `Queue "${this.name}" is full`);
    }
    this.#messages.push({ message, redelivered: false });
    this.#dispatch();
  }

  /** Adds a consumer; `onGone` runs once when it is canceled. */
  consume(
    session: SessionInfo,
    options: { manual: boolean; prefetch: number },
    handler: QueueDeliveryHandler,
    onGone: (handle: QueueConsumer) => void,
  ): QueueConsumer {
    const handle: QueueConsumer = {
      queue: this.name,
      ack: (deliveryId) => this.#ack(consumer, deliveryId),
      nack: (deliveryId, nackOptions) => this.#nack(consumer, deliveryId, nackOptions?.requeue ?? true),
      cancel: () => {
        if (!consumer.active) return;
        this.#cancel(consumer);
        onGone(handle);
      },
    };
    const consumer: Consumer = { session, ...options, handler, handle, unacked: new Map(), active: true };
    this.#consumers.push(consumer);
    this.#dispatch();
    return handle;
  }

  snapshot(): QueueSnapshot {
    let unacked = 0;
    for (const consumer of this.#consumers) unacked += consumer.unacked.size;
    return { name: this.name, waiting: this.#messages.length, consumers: this.#consumers.length, unacked };
  }

  #ack(consumer: Consumer, deliveryId: number): void {
    // Unknown or already settled ids are ignored: acks are idempotent.
    if (consumer.unacked.delete(deliveryId)) this.#dispatch();
  }

  #nack(consumer: Consumer, deliveryId: number, requeue: boolean): void {
    const queued = consumer.unacked.get(deliveryId);
    if (queued === undefined) return;
    consumer.unacked.delete(deliveryId);
    if (requeue) {
      queued.redelivered = true;
      this.#messages.unshift(queued);
    }
    this.#dispatch();
  }

  #cancel(consumer: Consumer): void {
    consumer.active = false;
    this.#consumers.splice(this.#consumers.indexOf(consumer), 1);
    // Back to the front in their original order, so the oldest is redelivered first.
    const pending = [...consumer.unacked.values()];
    consumer.unacked.clear();
    for (let i = pending.length - 1; i >= 0; i--) {
      pending[i]!.redelivered = true;
      this.#messages.unshift(pending[i]!);
    }
    this.#dispatch();
  }

  #dispatch(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let budget = DISPATCH_BUDGET; this.#messages.length > 0; budget--) {
        const consumer = this.#nextConsumer();
        if (consumer === undefined) break;
        if (budget === 0) {
          // A consumer that nacks with requeue inside its handler would otherwise spin forever.
          this.#schedule();
          break;
        }
        this.#deliver(consumer, this.#messages.shift()!);
      }
    } finally {
      this.#dispatching = false;
    }
    if (this.idle) this.#onIdle(this);
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#dispatch();
    });
  }

  #nextConsumer(): Consumer | undefined {
    const count = this.#consumers.length;
    for (let k = 0; k < count; k++) {
      const index = (this.#roundRobin + k) % count;
      const consumer = this.#consumers[index]!;
      if (!consumer.manual || consumer.prefetch === 0 || consumer.unacked.size < consumer.prefetch) {
        this.#roundRobin = (index + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  #deliver(consumer: Consumer, queued: QueuedMessage): void {
    const deliveryId = this.#nextDeliveryId++;
    if (consumer.manual) consumer.unacked.set(deliveryId, queued);
    const delivery = {
      deliveryId,
      queue: this.name,
      message: queued.message,
      redelivered: queued.redelivered,
    };
    try {
      consumer.handler(delivery, consumer.handle);
    } catch (err) {
      this.#context.onError(err, {
        kind: 'queue-delivery',
        realm: this.#realm,
        name: this.name,
        sessionId: consumer.session.id,
      });
    }
  }
}
