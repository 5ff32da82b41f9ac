/**
 * The temporary reply queues of one session, `/temp-queue/<name>`. A temp queue opens the first time
 * the session names it, in `reply-to` or in SUBSCRIBE, and lives as long as the session:
 *
 * - RabbitMQ style (reply-to only): replies arrive with `subscription:/temp-queue/<name>`.
 * - ActiveMQ style (SUBSCRIBE to it): replies arrive under that subscription's id, with an `ack`
 *   header in a client ack mode; UNSUBSCRIBE closes the queue.
 *
 * Each temp queue is a router reply path (`replyPath`): a topic named with 128 random bits that
 * only this session receives; `/reply-queue/<id>` (destinations.ts) is the `reply-to` others
 * answer to. Knowing a session id is never enough to reach it (issue 11).
 */
import type { RoutedMessage, SessionHandle, Subscription } from '../../src/plugin/index.js';
import { addressed, type Content } from './content.js';
import { DestinationPrefix, replyQueueFor } from './destinations.js';
import { limitError, StompError } from './errors.js';
import type { DeliveryHeaders } from './message-frame.js';
import { AckMode, type SubscriptionTable } from './subscriptions.js';

/** What the table needs of its session (the router only once CONNECTED); StompContext has it all. */
export interface TempQueueHost {
  readonly sessionId: number;
  readonly router: SessionHandle;
  readonly subscriptions: SubscriptionTable;
  deliver(message: RoutedMessage, delivery: DeliveryHeaders): void;
}

/** An explicit SUBSCRIBE to a temp queue. */
interface TempSubscriber {
  readonly id: string;
  readonly ack: AckMode;
}

interface TempQueue {
  /** The router topic replies are published to. */
  readonly topic: string;
  /** What other sessions see in `reply-to` and send their replies to. */
  readonly replyTo: string;
  readonly subscription: Subscription;
  subscriber: TempSubscriber | undefined;
}

export class TempQueueTable {
  /** Made when the session first names a temp queue (issue 13: most never do). */
  #queues: Map<string, TempQueue> | undefined;
  readonly #host: TempQueueHost;
  readonly #max: number;

  constructor(host: TempQueueHost, maxQueues: number) {
    this.#host = host;
    this.#max = maxQueues;
  }

  /** Opens `/temp-queue/<name>` if needed; returns the destination other sessions reply to. */
  replyTo(name: string): string {
    return this.#open(name).replyTo;
  }

  /** Publishes a reply (an /rpc/ result) to this session's own temp queue, and to nothing else. */
  publish(name: string, input: Content): void {
    const { topic } = this.#open(name);
    this.#host.router.publish(addressed(input, topic));
  }

  /** SUBSCRIBE to a temp queue: replies arrive under `subscriber.id`. Returns what UNSUBSCRIBE runs. */
  subscribe(name: string, subscriber: TempSubscriber): () => void {
    const queue = this.#open(name);
    if (queue.subscriber !== undefined) {
      throw new StompError(`${DestinationPrefix.TEMP_QUEUE}${name} already has subscription ${queue.subscriber.id}`);
    }
    queue.subscriber = subscriber;
    return () => this.#close(name);
  }

  #open(name: string): TempQueue {
    this.#queues ??= new Map();
    const queues = this.#queues;
    const existing = queues.get(name);
    if (existing !== undefined) return existing;
    if (queues.size >= this.#max) throw limitError('maxSubscriptions', this.#max, 'too many temporary queues');
    const subscription = this.#host.router.replyPath((message) => this.#deliver(name, message));
    const topic = subscription.pattern;
    const queue: TempQueue = {
      topic,
      replyTo: replyQueueFor(topic),
      subscription,
      subscriber: undefined,
    };
    queues.set(name, queue);
    return queue;
  }

  #deliver(name: string, message: RoutedMessage): void {
    const destination = DestinationPrefix.TEMP_QUEUE + name;
    const messageId = this.#host.subscriptions.nextId(true);
    const subscriber = this.#queues?.get(name)?.subscriber;
    // STOMP 1.2 MESSAGE: `ack` is required when the subscription acks in a client mode.
    const ack = subscriber !== undefined && subscriber.ack !== AckMode.AUTO ? { ack: messageId } : {};
    this.#host.deliver(message, { destination, subscription: subscriber?.id ?? destination, messageId, ...ack });
  }

  /** Closes a queue: replies sent to it from now on are dropped. Naming it again reopens it. */
  #close(name: string): void {
    this.#queues?.get(name)?.subscription.unsubscribe();
    this.#queues?.delete(name);
  }
}
