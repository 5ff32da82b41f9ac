/**
 * The subscriptions of one connection and the deliveries awaiting ACK/NACK (STOMP 1.2 SUBSCRIBE,
 * ACK, NACK). Ack ids are unique per connection; queue deliveries are tracked per subscription in
 * delivery order so `client` mode can acknowledge cumulatively.
 */
import type { QueueConsumer } from '../../src/plugin/index.js';
import { limitError, StompError } from './errors.js';
import type { WireSubscriptionId } from './topic-frames.js';

export const AckMode = { AUTO: 'auto', CLIENT: 'client', CLIENT_INDIVIDUAL: 'client-individual' } as const;
export type AckMode = (typeof AckMode)[keyof typeof AckMode];

export interface SubscriptionEntry {
  readonly id: string;
  readonly destination: string;
  readonly ack: AckMode;
  /** Set for `/queue/` subscriptions. */
  consumer?: QueueConsumer;
  /** Stops delivery and releases router resources. */
  cancel: () => void;
  /**
   * Queue deliveries awaiting ACK/NACK, oldest first: ack id → router delivery id. Made at the
   * first such delivery (issue 13: auto-ack and topic subscriptions never need it).
   */
  pending?: Map<string, number>;
  /** The id as auto-ack topic MESSAGEs carry it, made at the first such delivery. */
  wireId?: WireSubscriptionId;
}

/** The deliveries one ACK or NACK settles. */
export interface Settlement {
  readonly entry: SubscriptionEntry;
  readonly deliveryIds: readonly number[];
}

/** Marks ack ids of topic deliveries: acknowledging them is a no-op (topics are at-most-once). */
const TOPIC_MARK = 't';

/** The message-id of an auto-ack topic delivery: the publication's, marked as a topic id. */
export function topicMessageId(publicationId: number): string {
  return `${TOPIC_MARK}p${decimal(publicationId)}`;
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000'];

/**
 * A non-negative integer's decimal digits, as String(n) writes them. Publication ids are random up
 * to 2^53: V8 writes such a number through its double-to-text path, about 0.15 µs, where two
 * halves below 2^31 take a third of that (issue 13: one per message in many-to-many).
 */
export function decimal(n: number): string {
  if (n < 1e9 || !Number.isSafeInteger(n)) return `${n}`;
  // Exact: below 2^53, n / 1e8 never rounds up to the next integer (checked for every k·1e8 − 1).
  const high = Math.floor(n / 1e8);
  const digits = `${n - high * 1e8}`;
  return `${high}${ZEROS[8 - digits.length]}${digits}`;
}

export class SubscriptionTable {
  readonly #entries = new Map<string, SubscriptionEntry>();
  /** Made at the first delivery awaiting an ACK (issue 13: idle and auto-ack sessions hold no empty map). */
  #byAckId: Map<string, SubscriptionEntry> | undefined;
  readonly #max: number;
  #counter = 0;

  constructor(maxSubscriptions: number) {
    this.#max = maxSubscriptions;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Checks that `id` may be added (unique, within the limit). */
  reserve(id: string): void {
    if (this.#entries.has(id)) throw new StompError(`Subscription id ${id} is already in use on this connection`);
    if (this.#entries.size >= this.#max) throw limitError('maxSubscriptions', this.#max, 'too many subscriptions');
  }

  add(entry: SubscriptionEntry): void {
    this.#entries.set(entry.id, entry);
  }

  get(id: string): SubscriptionEntry | undefined {
    return this.#entries.get(id);
  }

  /** STOMP 1.0 UNSUBSCRIBE may name the destination instead of the id. */
  findByDestination(destination: string): SubscriptionEntry | undefined {
    for (const entry of this.#entries.values()) if (entry.destination === destination) return entry;
    return undefined;
  }

  /** Cancels and forgets a subscription; its unacked queue deliveries are redelivered by the router. */
  remove(entry: SubscriptionEntry): void {
    this.#entries.delete(entry.id);
    for (const ackId of entry.pending?.keys() ?? []) this.#byAckId?.delete(ackId);
    entry.pending?.clear();
    entry.cancel();
  }

  /** A fresh message id / ack id for a delivery. */
  nextId(topic: boolean): string {
    this.#counter++;
    return topic ? `${TOPIC_MARK}${this.#counter}` : `q${this.#counter}`;
  }

  track(entry: SubscriptionEntry, ackId: string, deliveryId: number): void {
    entry.pending ??= new Map();
    entry.pending.set(ackId, deliveryId);
    this.#byAckId ??= new Map();
    this.#byAckId.set(ackId, entry);
  }

  /**
   * Resolves an ack id to the deliveries it settles: all earlier ones in `client` mode, exactly
   * one in `client-individual` mode (STOMP 1.2 SUBSCRIBE ack header). Undefined for a topic
   * delivery, which needs no acknowledgement.
   */
  settle(ackId: string, subscriptionId?: string): Settlement | undefined {
    const entry = this.#byAckId?.get(ackId);
    if (entry === undefined) {
      if (ackId.startsWith(TOPIC_MARK)) return undefined;
      throw new StompError(`No message awaiting acknowledgement has id ${ackId}`);
    }
    if (subscriptionId !== undefined && subscriptionId !== entry.id) {
      throw new StompError(`Message ${ackId} was not delivered to subscription ${subscriptionId}`);
    }
    const deliveryIds: number[] = [];
    const pending = entry.pending ?? new Map<string, number>();
    for (const [id, deliveryId] of pending) {
      if (entry.ack === AckMode.CLIENT || id === ackId) {
        deliveryIds.push(deliveryId);
        pending.delete(id);
        this.#byAckId?.delete(id);
      }
      if (id === ackId) break;
    }
    return { entry, deliveryIds };
  }

  /** Cancels everything (the connection ended). */
  clear(): void {
    for (const entry of [...this.#entries.values()]) this.remove(entry);
  }
}
