/**
 * The realm-scoped handle of one session. It tracks everything acquired through it, so that
 * `release()` frees it all at once (WAMP users' main complaint: ghost registrations and callers
 * that hang when a callee dies), and enforces the per-session limits.
 */
import { randomBytes } from 'node:crypto';
import { REPLY_PATH_PREFIX } from './access/policy.js';
import { SessionAccess } from './access/session-access.js';
import type { Call } from './calls/call.js';
import type { RouterContext } from './context.js';
import type { Realm } from './realm.js';
import type { PublishSource } from './topics/topic-table.js';
import type { ProtocolTraffic } from './traffic.js';
import {
  type Action,
  type CalleeHandler,
  type CallOptions,
  type ConsumeOptions,
  type DeliveryHandler,
  ErrorUri,
  type InterruptHandler,
  type MatchPolicy,
  type PendingCall,
  type PublishInput,
  type PublishOptions,
  type PublishResult,
  type QueueConsumer,
  type QueueDeliveryHandler,
  type RegisterOptions,
  type Registration,
  RouterError,
  type SessionHandle,
  type SessionInfo,
  type SubscribeOptions,
  type Subscription,
} from './types.js';

/** Called once when a session handle is released: one function for all of a router's handles. */
export type ReleaseListener = (realm: Realm, session: SessionInfo) => void;

/** The handle is its own PublishSource (session and `local`): no extra object per session. */
export class RealmSession implements SessionHandle, PublishSource {
  readonly session: SessionInfo;
  readonly realm: string;
  readonly local: boolean;
  readonly #realm: Realm;
  readonly #context: RouterContext;
  readonly #onRelease: ReleaseListener;
  readonly #traffic: ProtocolTraffic;
  readonly #subscriptions = new Set<Subscription>();
  // Made on first use (issue 13: idle memory): most sessions never consume, register or call.
  #consumers: Set<QueueConsumer> | undefined;
  #registrations: Set<Registration> | undefined;
  /** Calls this session made that have not settled (each call removes itself when it does). */
  #calls: Set<Call> | undefined;
  /** Authorization of a client session; undefined for trusted in-process code (`local`). */
  readonly #access: SessionAccess | undefined;
  #released = false;

  /** `local` handles publish without a `publisher` (messages from code) and are never asked for permission. */
  constructor(realm: Realm, session: SessionInfo, context: RouterContext, local: boolean, onRelease: ReleaseListener) {
    this.session = session;
    this.realm = realm.name;
    this.local = local;
    this.#realm = realm;
    this.#context = context;
    this.#onRelease = onRelease;
    this.#traffic = context.traffic.of(session.protocol);
    this.#access = local ? undefined : new SessionAccess(context.access, session);
  }

  authorize(action: Action, uri: string, match: MatchPolicy = 'exact'): undefined | Promise<void> {
    return this.#access?.authorize(action, uri, match);
  }

  subscribe(pattern: string, options: SubscribeOptions, onMessage: DeliveryHandler): Subscription {
    this.#assertOpen();
    const match = options.match ?? 'exact';
    this.#access?.require('subscribe', pattern, match);
    this.#assertBelow(this.#subscriptionCount, 'maxSubscriptionsPerSession');
    const handle = this.#realm.topics.subscribe(
      this.session,
      pattern,
      match,
      onMessage,
      this.#traffic,
      this.#subscriptions,
    );
    this.#subscriptions.add(handle);
    return handle;
  }

  /**
   * A private reply path: a topic named with 128 random bits (`junction.reply.<id>`) that only this
   * session receives. Its name is the capability to answer: whoever learns it (the receivers of a
   * request that carries it) may publish to it; no client may subscribe to it.
   */
  replyPath(onMessage: DeliveryHandler): Subscription {
    this.#assertOpen();
    this.#assertBelow(this.#subscriptionCount, 'maxSubscriptionsPerSession');
    const topic = REPLY_PATH_PREFIX + randomBytes(16).toString('hex');
    const handle = this.#realm.topics.subscribe(
      this.session,
      topic,
      'exact',
      onMessage,
      this.#traffic,
      this.#subscriptions,
    );
    this.#subscriptions.add(handle);
    return handle;
  }

  publish(input: PublishInput, options: PublishOptions = {}): PublishResult {
    this.#assertOpen();
    this.#access?.require('publish', input.topic, 'exact');
    const result = this.#realm.topics.publish(input, options, this);
    this.#traffic.publishes++;
    return result;
  }

  enqueue(queue: string, input: PublishInput): Promise<void> | undefined {
    this.#assertOpen();
    this.#access?.require('publish', queue, 'exact');
    const stored = this.#realm.queues.enqueue(queue, input, this);
    this.#traffic.publishes++;
    return stored;
  }

  /** Queue consumers count against `maxSubscriptionsPerSession` (a STOMP SUBSCRIBE either way). */
  consume(queue: string, options: ConsumeOptions, onDelivery: QueueDeliveryHandler): QueueConsumer {
    this.#assertOpen();
    this.#access?.require('subscribe', queue, 'exact');
    this.#assertBelow(this.#subscriptionCount, 'maxSubscriptionsPerSession');
    this.#consumers ??= new Set();
    const consumers = this.#consumers;
    const handle = this.#realm.queues.consume(queue, this.session, options, onDelivery, this.#traffic, (h) =>
      consumers.delete(h),
    );
    consumers.add(handle);
    return handle;
  }

  register(
    procedure: string,
    options: RegisterOptions,
    callee: CalleeHandler,
    interrupt?: InterruptHandler,
  ): Registration {
    this.#assertOpen();
    const match = options.match ?? 'exact';
    this.#access?.require('register', procedure, match);
    this.#assertBelow(this.#registrations?.size ?? 0, 'maxRegistrationsPerSession');
    const invoke = options.invoke ?? 'single';
    this.#realm.dealer.checkRegister(procedure, match, invoke);
    this.#registrations ??= new Set();
    const registrations = this.#registrations;
    const handle = this.#realm.procedures.register(this.session, procedure, { match, invoke }, callee, interrupt, (h) =>
      registrations.delete(h),
    );
    registrations.add(handle);
    return handle;
  }

  call(procedure: string, options: CallOptions = {}): PendingCall {
    this.#assertOpen();
    const max = this.#context.limits.maxPendingCallsPerSession;
    try {
      this.#access?.require('call', procedure, 'exact');
      if ((this.#calls?.size ?? 0) >= max) throw limitError('maxPendingCallsPerSession', max);
      this.#calls ??= new Set();
      return this.#realm.dealer.call(this.session, procedure, options, this.#calls);
    } catch (err) {
      this.#traffic.calls.refused++;
      throw err;
    }
  }

  /** Frees everything; pending calls are canceled with killnowait. Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const call of [...(this.#calls ?? [])]) call.cancel('killnowait');
    for (const registration of [...(this.#registrations ?? [])]) registration.unregister();
    for (const consumer of [...(this.#consumers ?? [])]) consumer.cancel();
    for (const subscription of [...this.#subscriptions]) subscription.unsubscribe();
    this.#onRelease(this.#realm, this.session);
  }

  /** Topic subscriptions and queue consumers: both count against `maxSubscriptionsPerSession`. */
  get #subscriptionCount(): number {
    return this.#subscriptions.size + (this.#consumers?.size ?? 0);
  }

  #assertOpen(): void {
    if (this.#released) throw closedError();
  }

  #assertBelow(count: number, limit: 'maxSubscriptionsPerSession' | 'maxRegistrationsPerSession'): void {
    const max = this.#context.limits[limit];
    if (count >= max) throw limitError(limit, max);
  }
}

function closedError(): RouterError {
  return new RouterError(ErrorUri.UNAVAILABLE, 'Session was released');
}

function limitError(limit: string, max: number): RouterError {
  return new RouterError(ErrorUri.LIMIT_EXCEEDED, `Limit ${limit} (${max}) reached`);
}
