/**
 * Pub/sub for one realm: subscriptions in a PatternIndex, publish delivering synchronously to
 * every matching subscription handle, in the order the handles were created, then handing the
 * message to the engine for the other nodes (local first, then remote: socket.io's ClusterAdapter).
 * The engine learns which patterns this node needs when their first handle comes and the last goes,
 * and lifecycle listeners (meta APIs) learn of subscriptions created, joined, left and deleted.
 */
import { randomId } from '../../common/ids.js';
import type { RouterContext } from '../context.js';
import { type IndexedPattern, PatternIndex } from '../patterns/pattern-index.js';
import {
  isMatchPolicy,
  isReservedTopic,
  reachesReserved,
  validatePattern,
  validateTopic,
} from '../patterns/topic-pattern.js';
import type { ProtocolTraffic } from '../traffic.js';
import {
  type DeliveryHandler,
  ErrorUri,
  type MatchPolicy,
  type PublishInput,
  type PublishOptions,
  type PublishResult,
  type RoutedMessage,
  RouterError,
  type SessionInfo,
  type Subscription,
  type SubscriptionEvent,
  type SubscriptionSnapshot,
} from '../types.js';
import { recipientFilter } from './recipient-filter.js';

/** Who keeps a session's handles: told once when one is unsubscribed (a session's Set of them). */
export interface HandleOwner {
  delete(handle: Subscription): unknown;
}

/**
 * One subscribing handle; a session may hold several on the same subscription. The handle the
 * session gets is this object itself, with shared methods: no handle object and `unsubscribe`
 * closure beside it (issue 13: idle memory).
 */
class Subscriber implements Subscription {
  /** Creation order across the realm, for delivery order. */
  readonly seq: number;
  readonly session: SessionInfo;
  readonly handler: DeliveryHandler;
  /** The subscribing session's protocol counters: a delivery costs one increment. */
  readonly traffic: ProtocolTraffic;
  active = true;
  readonly #table: TopicTable;
  readonly #entry: SubscriptionEntry;
  readonly #owner: HandleOwner;

  constructor(
    table: TopicTable,
    entry: SubscriptionEntry,
    seq: number,
    session: SessionInfo,
    handler: DeliveryHandler,
    traffic: ProtocolTraffic,
    owner: HandleOwner,
  ) {
    this.#table = table;
    this.#entry = entry;
    this.seq = seq;
    this.session = session;
    this.handler = handler;
    this.traffic = traffic;
    this.#owner = owner;
  }

  get id(): number {
    return this.#entry.id;
  }

  get pattern(): string {
    return this.#entry.pattern;
  }

  get match(): MatchPolicy {
    return this.#entry.match;
  }

  unsubscribe(): void {
    if (!this.active) return;
    this.#table.remove(this.#entry, this);
    this.#owner.delete(this);
  }
}

/** One router-scope subscription: all handles on the same (pattern, match) share its id. */
interface SubscriptionEntry extends IndexedPattern {
  readonly id: number;
  readonly created: string;
  /** Replaced, not pushed to, when the first subscriber comes (see `subscribe`). */
  subscribers: Subscriber[];
}

/** Who is publishing; `local` publishes (from code) carry no `publisher` in the message. */
export interface PublishSource {
  readonly session: SessionInfo;
  readonly local: boolean;
}

const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export class TopicTable {
  readonly #realm: string;
  readonly #context: RouterContext;
  readonly #index = new PatternIndex<SubscriptionEntry>();
  #seq = 0;

  constructor(realm: string, context: RouterContext) {
    this.#realm = realm;
    this.#context = context;
  }

  /** Subscriptions (distinct pattern and match) in the realm. */
  get size(): number {
    return this.#index.size;
  }

  /**
   * Adds a subscription handle. Throws RouterError `wamp.error.invalid_uri` for a bad pattern.
   * `owner` forgets the handle once it is unsubscribed (the session router's bookkeeping).
   */
  subscribe(
    session: SessionInfo,
    pattern: string,
    match: MatchPolicy,
    handler: DeliveryHandler,
    traffic: ProtocolTraffic,
    owner: HandleOwner,
  ): Subscription {
    const entry = this.#entryFor(pattern, match);
    const events = this.#context.events.subscriptions;
    // Built only when a meta API listens: subscribing stays as cheap as before otherwise.
    const announce = events.listening && {
      created: entry.subscribers.length === 0,
      first: !entry.subscribers.some((s) => s.session.id === session.id),
    };
    const subscriber = new Subscriber(this, entry, this.#seq++, session, handler, traffic, owner);
    // A first subscriber gets an array of its own size: a pushed one would reserve 17 slots, and
    // most topics of idle connections have one subscriber (issue 13: idle memory).
    if (entry.subscribers.length === 0) entry.subscribers = [subscriber];
    else entry.subscribers.push(subscriber);
    if (announce) {
      if (announce.created) this.#announce('create', session, entry);
      if (announce.first) this.#announce('subscribe', session, entry);
    }
    return subscriber;
  }

  /** Publishes to every matching subscription. Throws RouterError `wamp.error.invalid_uri`. */
  publish(input: PublishInput, options: PublishOptions, source: PublishSource): PublishResult {
    this.#context.stats.examined = 0;
    const invalid = validateTopic(input.topic);
    if (invalid !== undefined) {
      throw new RouterError(ErrorUri.INVALID_URI, `Invalid topic "${input.topic}": ${invalid}`);
    }
    // Checked here, on the publisher's node only: other nodes deliver without checking again.
    this.#context.contracts?.checkPublish(this.#realm, input);
    const message = toMessage(input, source);
    const delivered = this.#deliver(message, options, source.session.id);
    this.#context.stats.published++;
    this.#context.engine.topics.publish(this.#realm, message, options);
    return { publicationId: message.publicationId, delivered };
  }

  /** Delivers a message published on another node (already validated there). */
  deliverRemote(message: RoutedMessage, options: PublishOptions): void {
    this.#deliver(message, options, message.publisher?.id ?? 0);
  }

  #deliver(message: RoutedMessage, options: PublishOptions, publisherId: number): number {
    const targets = this.#targets(message.topic);
    const accepts = recipientFilter(options, publisherId);
    let delivered = 0;
    for (const subscriber of targets) {
      // A handler may unsubscribe others (or itself) while the publish runs.
      if (!subscriber.active || (accepts !== undefined && !accepts(subscriber.session))) continue;
      delivered++;
      subscriber.traffic.deliveries++;
      try {
        subscriber.handler(message, subscriber);
      } catch (err) {
        this.#context.onError(err, {
          kind: 'delivery',
          realm: this.#realm,
          name: message.topic,
          sessionId: subscriber.session.id,
        });
      }
    }
    this.#context.stats.delivered += delivered;
    return delivered;
  }

  /** Snapshots of all subscriptions, by id. */
  subscriptions(): SubscriptionSnapshot[] {
    return [...this.#index.values()].map(snapshot);
  }

  /** Snapshots of the subscriptions a publish to `topic` would reach (empty for an invalid topic). */
  matchSubscriptions(topic: string): SubscriptionSnapshot[] {
    if (validateTopic(topic) !== undefined) return [];
    const found: SubscriptionEntry[] = [];
    const reserved = isReservedTopic(topic);
    this.#index.match(topic, (entry) => {
      if (reaches(entry, reserved)) found.push(entry);
    });
    return found.sort((a, b) => a.id - b.id).map(snapshot);
  }

  /** The subscription for (pattern, match), created on first use. Throws RouterError. */
  #entryFor(pattern: string, match: MatchPolicy): SubscriptionEntry {
    if (!isMatchPolicy(match)) {
      throw new RouterError(ErrorUri.INVALID_ARGUMENT, `Unknown match policy ${String(match)}`);
    }
    const invalid = validatePattern(pattern, match);
    if (invalid !== undefined) {
      throw new RouterError(ErrorUri.INVALID_URI, `Invalid pattern "${pattern}": ${invalid}`);
    }
    let entry = this.#index.get(pattern, match);
    if (entry === undefined) {
      entry = {
        id: this.#context.nextSubscriptionId(),
        pattern,
        match,
        created: new Date().toISOString(),
        subscribers: [],
      };
      this.#index.add(entry);
      this.#context.engine.topics.addInterest(this.#realm, pattern, match);
    }
    return entry;
  }

  /** The handles to deliver to, in creation order; a snapshot, so handlers may (un)subscribe. */
  #targets(topic: string): Subscriber[] {
    const matched: SubscriptionEntry[] = [];
    // Only the broker's own events are filtered; every other publish matches as before.
    if (isReservedTopic(topic)) {
      this.#index.match(topic, (entry) => {
        if (reaches(entry, true)) matched.push(entry);
      });
    } else this.#index.match(topic, (entry) => matched.push(entry));
    this.#context.stats.examined = matched.length;
    if (matched.length === 1) return matched[0]!.subscribers.slice();
    const targets = matched.flatMap((entry) => entry.subscribers);
    return targets.sort((a, b) => a.seq - b.seq);
  }

  /** A handle was unsubscribed (Subscriber#unsubscribe): the entry goes with its last one. */
  remove(entry: SubscriptionEntry, subscriber: Subscriber): void {
    subscriber.active = false;
    const at = entry.subscribers.indexOf(subscriber);
    if (at >= 0) entry.subscribers.splice(at, 1);
    const { session } = subscriber;
    if (this.#context.events.subscriptions.listening && !entry.subscribers.some((s) => s.session.id === session.id)) {
      this.#announce('unsubscribe', session, entry);
    }
    if (entry.subscribers.length === 0) {
      this.#index.delete(entry);
      this.#context.engine.topics.removeInterest(this.#realm, entry.pattern, entry.match);
      if (this.#context.events.subscriptions.listening) this.#announce('delete', session, entry);
    }
  }

  #announce(kind: SubscriptionEvent['kind'], session: SessionInfo, entry: SubscriptionEntry): void {
    const { id, pattern, match, created } = entry;
    this.#context.events.subscriptions.emit({ kind, session, subscription: { id, pattern, match, created } });
  }
}

function reaches(entry: SubscriptionEntry, reserved: boolean): boolean {
  return reachesReserved(entry.pattern, entry.match, reserved);
}

function toMessage(input: PublishInput, source: PublishSource): RoutedMessage {
  // Fields set one by one rather than by conditional spreads: no temporary objects per publish
  // (issue 13, many-to-many), and still no key for what the publisher did not give.
  const message: Mutable<RoutedMessage> = {
    topic: input.topic,
    headers: input.headers ?? EMPTY_HEADERS,
    publicationId: randomId(),
  };
  if (input.args !== undefined) message.args = input.args;
  if (input.kwargs !== undefined) message.kwargs = input.kwargs;
  if (input.contentType !== undefined) message.contentType = input.contentType;
  if (!source.local) message.publisher = source.session;
  if (input.disclosePublisher === true) message.disclosePublisher = true;
  return message;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function snapshot(entry: SubscriptionEntry): SubscriptionSnapshot {
  return {
    id: entry.id,
    pattern: entry.pattern,
    match: entry.match,
    created: entry.created,
    subscribers: [...new Set(entry.subscribers.map((s) => s.session.id))],
  };
}
