/**
 * One named queue: store-and-forward with competing consumers (each message goes to exactly one
 * consumer, round robin among those with capacity), manual or auto acknowledgement, prefetch,
 * and redelivery of unacknowledged messages, flagged `redelivered`, at the front of the queue.
 *
 * With a multi-node engine the messages live in the engine (shared by every node's consumers):
 * this queue takes ("leases") only as many as its consumers have room for, settles a lease on
 * ack (or on delivery for auto-ack), and gives leases back when its last consumer leaves.
 *
 * A local message counts its bytes against the realm's `maxQueuedBytes` until it is settled
 * (delivered with auto-ack, acked, dropped, purged or expired), and is dropped unread once past
 * its expiry: at dispatch, and by a sweep while it waits, so an unconsumed queue frees its memory.
 */

import type { RouterContext } from '../context.js';
import type { Lease } from '../ports.js';
import type { ProtocolTraffic } from '../traffic.js';
import {
  ErrorUri,
  type QueueConsumer,
  type QueueDeliveryHandler,
  type QueueSnapshot,
  type RoutedMessage,
  RouterError,
  type SessionInfo,
} from '../types.js';
import { Deque } from './deque.js';

interface QueuedMessage {
  readonly message: RoutedMessage;
  redelivered: boolean;
  /** Set when the message was taken from the engine's shared queue. */
  readonly lease?: Lease;
  /** Counted against the realm's `maxQueuedBytes` (0 for a shared queue's message). */
  readonly bytes: number;
  /** Milliseconds since the epoch when it is dropped unread; 0 = never. */
  readonly expires: number;
}

/** How a queue gives its settled messages' bytes back to the realm's count. */
export type ReleaseBytes = (bytes: number) => void;

interface Consumer {
  readonly session: SessionInfo;
  readonly manual: boolean;
  /** Maximum unacked deliveries in flight; 0 = unlimited. */
  readonly prefetch: number;
  /** The consuming session's protocol counters. */
  readonly traffic: ProtocolTraffic;
  readonly handler: QueueDeliveryHandler;
  readonly unacked: Map<number, QueuedMessage>;
  readonly handle: QueueConsumer;
  active: boolean;
}

/** Deliveries made in one synchronous run before yielding to the event loop. */
const DISPATCH_BUDGET = 10_000;
/** Most messages taken from a shared queue at once (and held for consumers without a prefetch). */
const PULL_BATCH = 32;
/** Shared queues: look for messages this often even without a notification (one may be lost). */
const POLL_INTERVAL = 1000;
/** Sweeps for expired messages at most this often: a sweep walks every waiting message. */
const MIN_SWEEP_GAP = 250;
/** Node's longest timer (~24.8 days); a longer delay would fire at once, so a far expiry waits in steps. */
const MAX_TIMER = 2 ** 31 - 1;

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
  readonly #shared: boolean;
  #pulling = false;
  /** A wake-up came during a take: take again after it, or a message could wait for the poll. */
  #pullAgain = false;
  #poll: ReturnType<typeof setInterval> | undefined;
  readonly #releaseBytes: ReleaseBytes;
  #sweep: ReturnType<typeof setTimeout> | undefined;
  /** When the pending sweep runs (0 = none). */
  #sweepAt = 0;

  constructor(
    name: string,
    realm: string,
    context: RouterContext,
    onIdle: (queue: Queue) => void,
    releaseBytes: ReleaseBytes = () => {},
  ) {
    this.name = name;
    this.#realm = realm;
    this.#context = context;
    this.#onIdle = onIdle;
    this.#releaseBytes = releaseBytes;
    this.#shared = context.engine.queues.shared;
  }

  /** True when the queue holds nothing and nobody consumes it, so it can be forgotten. */
  get idle(): boolean {
    return this.#messages.length === 0 && this.#consumers.length === 0;
  }

  /**
   * Stores a message of `bytes` (already counted by the table) dropped unread after `expires`
   * (ms since the epoch, 0 = never). Throws RouterError `junction.error.queue_full` at the bound.
   */
  enqueue(message: RoutedMessage, bytes = 0, expires = 0): void {
    if (this.#messages.length >= this.#context.limits.maxQueueLength) {
      throw new RouterError(ErrorUri.QUEUE_FULL, `Limit maxQueueLength exceeded: Queue "${this.name}" is full`);
    }
    this.#messages.push({ message, redelivered: false, bytes, expires });
    if (expires > 0) this.#sweepBy(expires);
    this.#dispatch();
  }

  /** Adds a consumer; `onGone` runs once when it is canceled. */
  consume(
    session: SessionInfo,
    options: { manual: boolean; prefetch: number; traffic: ProtocolTraffic },
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
    if (this.#shared && this.#consumers.length === 1) this.#watch(true);
    this.#dispatch();
    return handle;
  }

  /** Shared queues: takes as many messages from the engine as the local consumers have room for. */
  pull(): void {
    if (this.#pulling) {
      this.#pullAgain = true;
      return;
    }
    const room = this.#shared ? this.#room() : 0;
    if (room === 0) return;
    this.#pulling = true;
    this.#pullAgain = false;
    this.#context.engine.queues.take(this.#realm, this.name, room).then(
      (leased) => {
        this.#pulling = false;
        for (const { message, expires, redelivered, lease } of leased) {
          // The service counts its bytes; its expiry still applies here (dispatch and sweep settle it).
          this.#messages.push({ message, redelivered, lease, bytes: 0, expires });
          if (expires > 0) this.#sweepBy(expires);
        }
        if (this.#consumers.length === 0) this.#releaseWaiting();
        // An empty take ends the burst, unless a wake-up came meanwhile.
        if (leased.length > 0) this.#dispatch();
        else if (this.#pullAgain) this.pull();
      },
      () => {
        // Counted and logged by the engine; the poll tries again.
        this.#pulling = false;
      },
    );
  }

  /** Drops every waiting message (leases settled for good); in-flight deliveries stay. */
  purge(): number {
    let purged = 0;
    for (let queued = this.#messages.shift(); queued !== undefined; queued = this.#messages.shift()) {
      this.#settle(queued);
      purged++;
    }
    this.#stopSweep();
    if (this.idle) this.#onIdle(this);
    return purged;
  }

  snapshot(): QueueSnapshot {
    let unacked = 0;
    for (const consumer of this.#consumers) unacked += consumer.unacked.size;
    return { name: this.name, waiting: this.#messages.length, consumers: this.#consumers.length, unacked };
  }

  #ack(consumer: Consumer, deliveryId: number): void {
    // Unknown or already settled ids are ignored: acks are idempotent.
    const queued = consumer.unacked.get(deliveryId);
    if (queued === undefined) return;
    consumer.unacked.delete(deliveryId);
    this.#settle(queued);
    this.#dispatch();
  }

  #nack(consumer: Consumer, deliveryId: number, requeue: boolean): void {
    const queued = consumer.unacked.get(deliveryId);
    if (queued === undefined) return;
    consumer.unacked.delete(deliveryId);
    if (requeue) this.#requeue(queued);
    else this.#settle(queued);
    this.#dispatch();
  }

  #cancel(consumer: Consumer): void {
    consumer.active = false;
    this.#consumers.splice(this.#consumers.indexOf(consumer), 1);
    // Back to the front in their original order, so the oldest is redelivered first.
    const pending = [...consumer.unacked.values()];
    consumer.unacked.clear();
    for (let i = pending.length - 1; i >= 0; i--) this.#requeue(pending[i]!);
    if (this.#shared && this.#consumers.length === 0) {
      this.#watch(false);
      this.#releaseWaiting();
    }
    this.#dispatch();
  }

  /** Nobody here consumes any more: leased messages go back to the shared queue for other nodes. */
  #releaseWaiting(): void {
    const waiting: QueuedMessage[] = [];
    for (let queued = this.#messages.shift(); queued !== undefined; queued = this.#messages.shift()) {
      waiting.push(queued);
    }
    // Each release goes to the front: the last first, so the oldest ends up first again.
    for (let i = waiting.length - 1; i >= 0; i--) {
      const { lease } = waiting[i]!;
      if (lease !== undefined) this.#context.engine.queues.release(lease);
    }
  }

  #watch(on: boolean): void {
    this.#context.engine.queues.watch(this.#realm, this.name, on);
    clearInterval(this.#poll);
    this.#poll = undefined;
    if (!on) return;
    this.#poll = setInterval(() => this.pull(), POLL_INTERVAL);
    this.#poll.unref();
  }

  /** Messages the local consumers can take now, beyond those already waiting here. */
  #room(): number {
    let room = 0;
    for (const consumer of this.#consumers) {
      if (!consumer.manual || consumer.prefetch === 0) return Math.max(0, PULL_BATCH - this.#messages.length);
      room += Math.max(0, consumer.prefetch - consumer.unacked.size);
    }
    return Math.max(0, Math.min(room, PULL_BATCH) - this.#messages.length);
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
        const queued = this.#messages.shift()!;
        if (queued.expires > 0 && queued.expires <= Date.now()) this.#settle(queued);
        else this.#deliver(consumer, queued);
      }
    } finally {
      this.#dispatching = false;
    }
    if (this.#messages.length === 0) this.#stopSweep();
    if (this.idle) this.#onIdle(this);
    else this.pull();
  }

  /** Back to the front for redelivery; it keeps its expiry. */
  #requeue(queued: QueuedMessage): void {
    queued.redelivered = true;
    this.#messages.unshift(queued);
    if (queued.expires > 0) this.#sweepBy(queued.expires);
  }

  /** Done with a message for good: its lease settled, its bytes given back. */
  #settle(queued: QueuedMessage): void {
    if (queued.lease !== undefined) this.#context.engine.queues.settle(queued.lease);
    if (queued.bytes > 0) this.#releaseBytes(queued.bytes);
  }

  /** Makes sure a sweep runs by `expires` (not sooner than MIN_SWEEP_GAP from now). */
  #sweepBy(expires: number): void {
    const at = Math.max(expires, Date.now() + MIN_SWEEP_GAP);
    if (this.#sweep !== undefined && this.#sweepAt <= at) return;
    clearTimeout(this.#sweep);
    this.#sweepAt = at;
    this.#sweep = setTimeout(() => this.#sweepExpired(), Math.min(at - Date.now(), MAX_TIMER));
    this.#sweep.unref();
  }

  #stopSweep(): void {
    clearTimeout(this.#sweep);
    this.#sweep = undefined;
    this.#sweepAt = 0;
  }

  /** Drops the waiting messages past their expiry, then plans the next sweep. */
  #sweepExpired(): void {
    // Node's timers run on the monotonic clock and may fire a millisecond before Date.now()
    // reaches the planned time; a message due by then would otherwise wait a whole sweep gap more.
    const now = Math.max(Date.now(), this.#sweepAt);
    this.#sweep = undefined;
    this.#sweepAt = 0;
    let next = Number.POSITIVE_INFINITY;
    this.#messages.removeIf((queued) => {
      if (queued.expires === 0) return false;
      if (queued.expires <= now) {
        this.#settle(queued);
        return true;
      }
      next = Math.min(next, queued.expires);
      return false;
    });
    if (next !== Number.POSITIVE_INFINITY) this.#sweepBy(next);
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
    consumer.traffic.deliveries++;
    if (consumer.manual) consumer.unacked.set(deliveryId, queued);
    else this.#settle(queued);
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
