/**
 * The router's public vocabulary, shared by every protocol module.
 *
 * Topic names are dot-separated like WAMP URIs (`chat.room1`). Each protocol maps its own
 * names (STOMP destinations, WAMP URIs, JSON-RPC method params) onto these at its edge.
 */

import type { InvocationAborted, RouterError } from '../errors/index.js';
import type { MessageContent, Payload } from '../payload/index.js';

/** How a subscription or registration pattern is matched against a topic or procedure. */
export type MatchPolicy = 'exact' | 'prefix' | 'wildcard';

/** Invoke policy of a shared registration (WAMP Advanced Profile, shared registration). */
export type InvokePolicy = 'single' | 'roundrobin' | 'random' | 'first' | 'last';

/** What a session does with a URI (permissions): sending to a queue is `publish`, consuming one is `subscribe`. */
export type Action = 'publish' | 'subscribe' | 'call' | 'register';

/** Who a session is, as far as the router cares. */
export interface SessionInfo {
  /** Broker-wide session id, an integer in [1, 2^53] (WAMP global scope). */
  readonly id: number;
  readonly realm: string;
  readonly authid: string;
  readonly authrole: string;
  /** Plugin name: 'stomp', 'wamp', 'jsonrpc', or a custom plugin's name. */
  readonly protocol: string;
}

/**
 * The canonical message: one object per publish, converted by each protocol once at its edge.
 * Its content (`args`/`kwargs`, the WAMP-shaped structured payload with binary values as
 * `Uint8Array`, application headers and content type) is the payload room's MessageContent.
 */
export interface RoutedMessage extends MessageContent {
  readonly topic: string;
  /** The publishing session, or undefined for messages published from code. */
  readonly publisher?: SessionInfo;
  /** The publisher asked to be identified to subscribers (WAMP `disclose_me`). */
  readonly disclosePublisher?: boolean;
  /** Broker-wide publication id, an integer in [1, 2^53]. */
  readonly publicationId: number;
}

/** What a publisher supplies; the router fills in `publisher` and `publicationId`. */
export type PublishInput = Omit<RoutedMessage, 'publisher' | 'publicationId' | 'headers'> & {
  readonly headers?: Readonly<Record<string, string>>;
};

/** What a sender supplies to a queue: a publish, and when it stops being worth delivering. */
export type EnqueueInput = PublishInput & {
  /**
   * Milliseconds since the epoch after which the message is dropped unread (STOMP `expires`);
   * absent or 0 = only the router's `queueMessageTtl` applies.
   */
  readonly expires?: number;
};

/** Selects sessions by id, authid or authrole (WAMP subscriber black- and whitelisting). */
export interface SessionFilter {
  readonly sessionIds?: readonly number[];
  readonly authids?: readonly string[];
  readonly authroles?: readonly string[];
}

export interface PublishOptions {
  /** Do not deliver to the publishing session itself (WAMP `exclude_me`). Default false. */
  readonly excludePublisher?: boolean;
  /** Sessions that must not receive the message. */
  readonly exclude?: SessionFilter;
  /** When set, only sessions matching every listed criterion receive the message. */
  readonly eligible?: SessionFilter;
}

export interface PublishResult {
  readonly publicationId: number;
  /** Number of subscriptions the message was delivered to on this node. */
  readonly delivered: number;
}

/** Called once per matching subscription handle, synchronously, in publish order. */
export type DeliveryHandler = (message: RoutedMessage, subscription: Subscription) => void;

export interface SubscribeOptions {
  readonly match?: MatchPolicy;
}

export interface Subscription {
  /** Router-scoped id, an integer in [1, 2^53]; shared by all sessions subscribed to the same pattern. */
  readonly id: number;
  readonly pattern: string;
  readonly match: MatchPolicy;
  /** Stops delivery. Idempotent. */
  unsubscribe(): void;
}

// ---- queues (point-to-point, store-and-forward) ---------------------------------------------

export interface QueueDelivery {
  /** Unique per queue; pass it to `ack`/`nack`. */
  readonly deliveryId: number;
  readonly queue: string;
  readonly message: RoutedMessage;
  /** True when this message was delivered before and not acknowledged. */
  readonly redelivered: boolean;
}

export interface ConsumeOptions {
  /** 'auto' acknowledges on delivery; 'manual' waits for ack/nack. Default 'auto'. */
  readonly ack?: 'auto' | 'manual';
  /** Maximum unacknowledged deliveries in flight to this consumer (manual ack only). 0 = unlimited. */
  readonly prefetch?: number;
}

export interface QueueConsumer {
  readonly queue: string;
  ack(deliveryId: number): void;
  /** Negative acknowledgement: requeue (default) for redelivery, or drop. */
  nack(deliveryId: number, options?: { requeue?: boolean }): void;
  /** Stops consuming; unacknowledged deliveries go back to the queue flagged redelivered. */
  cancel(): void;
}

export type QueueDeliveryHandler = (delivery: QueueDelivery, consumer: QueueConsumer) => void;

// ---- procedures (RPC) -----------------------------------------------------------------------

/**
 * A call payload as its sender's bytes: a receiver speaking the same `format` forwards `text`
 * instead of encoding `args` and `kwargs` again (WAMP JSON: the text of `Arguments, ArgumentsKw`).
 */
export interface EncodedPayload {
  readonly format: string;
  readonly text: string;
}

/** A positional plus keyword payload, as in WAMP: the payload room's Payload. */
export interface CallPayload extends Payload {
  /**
   * The same payload as encoded by its sender, when the protocol kept it; `args` and `kwargs`
   * stay authoritative (contracts never change them). Other formats ignore it.
   */
  readonly encoded?: EncodedPayload;
}

/**
 * RouterError, InvocationAborted and ErrorUri live in the one error table (src/errors/); the
 * router's vocabulary keeps exporting them.
 */
export { ErrorUri, InvocationAborted, RouterError } from '../errors/index.js';

export type CancelMode = 'skip' | 'kill' | 'killnowait';

export interface CallOptions extends CallPayload {
  /** Milliseconds; 0 or absent = no timeout. The call fails with `wamp.error.timeout`. */
  readonly timeout?: number;
  /** Receives progressive results; without it (or `reply.callProgress`), progressive results are dropped. */
  readonly onProgress?: (progress: CallPayload) => void;
  /** Disclose the caller's identity to the callee (WAMP `disclose_me`). */
  readonly discloseCaller?: boolean;
  /**
   * Receives the outcome instead of (or as well as) `result`: one object for all of a session's
   * calls, with no promise, closure or microtask per call (the RPC hot path).
   */
  readonly reply?: CallReply;
  /** Any number the caller wants to find the call by in `reply` (a protocol's request id); default 0. */
  readonly tag?: number;
}

/**
 * Where a protocol session receives its calls' outcomes. Called once per call, never from inside
 * the `SessionHandle.call` that started it (an outcome known at once arrives in a microtask).
 */
export interface CallReply {
  callSettled(call: PendingCall, outcome: CallPayload | RouterError): void;
  /**
   * When present, the call asks its callee for progressive results and they arrive here, as to
   * `onProgress` (which takes precedence when given too), without a closure per call.
   */
  callProgress?(call: PendingCall, progress: CallPayload): void;
}

export interface PendingCall {
  /** The caller's `tag` (CallOptions). */
  readonly tag: number;
  /** Resolves with the final result, rejects with a RouterError. */
  readonly result: Promise<CallPayload>;
  /** Cancels the call; the result rejects with `wamp.error.canceled` (after the callee answers for 'kill'). */
  cancel(mode?: CancelMode): void;
}

/** One invocation of a registered procedure, as seen by the callee. */
export interface Invocation extends CallPayload {
  /** Unique per callee registration handle; protocols may use their own request ids instead. */
  readonly id: number;
  /** The procedure the caller named (differs from the registered pattern for prefix/wildcard). */
  readonly procedure: string;
  readonly registration: Registration;
  /** The caller, present only when it asked to be disclosed. */
  readonly caller?: SessionInfo;
  /** Whether the caller accepts progressive results. */
  readonly receiveProgress: boolean;
  /** Timeout the caller asked for, in ms (0 = none); informative, the dealer enforces it. */
  readonly timeout: number;
  /**
   * Aborted when the caller cancels (mode kill/killnowait), times out or leaves; the reason is
   * an InvocationAborted carrying the URI and the mode.
   */
  readonly signal: AbortSignal;
  /** Sends a progressive result; ignored when the caller did not ask for progress. */
  progress(payload: CallPayload): void;
  /** Completes the call. Later calls to resolve/reject are ignored. */
  resolve(payload?: CallPayload): void;
  reject(error: RouterError): void;
}

/** The callee side of a registration: invoked once per call routed to it. */
export type CalleeHandler = (invocation: Invocation) => void;

/**
 * Told, synchronously, when a call the callee runs is over for it before it answered: the caller
 * canceled (kill or killnowait), the call timed out, or the caller left. A callee that passes one
 * to `register` is interrupted without a per-call AbortSignal or listener (WAMP INTERRUPT).
 */
export type InterruptHandler = (invocation: Invocation, reason: InvocationAborted) => void;

export interface RegisterOptions {
  readonly match?: MatchPolicy;
  readonly invoke?: InvokePolicy;
}

export interface Registration {
  /** Router-scoped id shared by all callees of a shared registration. */
  readonly id: number;
  readonly procedure: string;
  readonly match: MatchPolicy;
  readonly invoke: InvokePolicy;
  /** Removes this callee; pending invocations on it fail with `wamp.error.canceled`. Idempotent. */
  unregister(): void;
}

/**
 * A realm-scoped handle for one session. Everything acquired through it is released at once
 * by `release()` (called by the core when the session ends): subscriptions, queue consumers
 * (unacked messages redelivered), registrations (pending invocations fail with canceled) and
 * pending calls (canceled, callee interrupted).
 */
export interface SessionHandle {
  readonly session: SessionInfo;
  readonly realm: string;
  subscribe(pattern: string, options: SubscribeOptions, onMessage: DeliveryHandler): Subscription;
  /** Throws RouterError (`wamp.error.invalid_uri`) for an invalid topic. */
  publish(input: PublishInput, options?: PublishOptions): PublishResult;
  /**
   * Store-and-forward; throws RouterError (`junction.error.queue_full`) when the queue, the
   * realm's queue count or its queued bytes are at their bound. With a multi-node engine (shared
   * queues) the bounds are checked cluster-wide by the engine's service: the result is then a
   * promise that rejects with the same `queue_full` when it refused the message (a caller may
   * ignore it: the rejection is handled); undefined when the message is stored already.
   */
  enqueue(queue: string, input: EnqueueInput): Promise<void> | undefined;
  consume(queue: string, options: ConsumeOptions, onDelivery: QueueDeliveryHandler): QueueConsumer;
  /** Registers a callee; `interrupt`, when given, is told of calls that end before it answers. */
  register(
    procedure: string,
    options: RegisterOptions,
    callee: CalleeHandler,
    interrupt?: InterruptHandler,
  ): Registration;
  /**
   * Starts a call. Throws RouterError for a refusal before it starts (`invalid_uri`,
   * `no_such_procedure`, `limit_exceeded`, a contract's refusal), as every operation here does;
   * the outcome of a started call arrives through `result`.
   */
  call(procedure: string, options?: CallOptions): PendingCall;
  /**
   * Whether this session may do `action` on `uri` (router form; `match` for a pattern, default
   * exact). Every operation above makes the same check itself; ask first to wait for an `authorize`
   * hook that answers with a promise (an operation meanwhile throws AuthorizationPending). Returns
   * undefined when allowed, a promise that rejects when refused, or throws RouterError
   * `wamp.error.not_authorized` (kwargs `{ action, uri }`) when refused at once.
   */
  authorize(action: Action, uri: string, match?: MatchPolicy): undefined | Promise<void>;
  /**
   * A private reply path, `junction.reply.<128 random bits>`: only this session receives what is
   * published there, and only those who learn its name can publish there. Its `pattern` is the
   * topic to hand out (a STOMP `reply-to`); `unsubscribe()` closes it.
   */
  replyPath(onMessage: DeliveryHandler): Subscription;
  /** Releases everything this session holds. Idempotent. */
  release(): void;
}

// ---- the router itself ----------------------------------------------------------------------

export interface RouterLimits {
  /** Messages a queue holds before `enqueue` fails with `junction.error.queue_full`. Default 10000. */
  readonly maxQueueLength: number;
  /** Subscriptions one session may hold. Default 1000. */
  readonly maxSubscriptionsPerSession: number;
  /** Registrations one session may hold. Default 1000. */
  readonly maxRegistrationsPerSession: number;
  /** Calls one session may have pending as a caller. Default 1000. */
  readonly maxPendingCallsPerSession: number;
  /**
   * Realms created on first use that may exist at once; one more is refused (`no_such_realm`).
   * The default realm and a fixed `realms` list neither count nor go away. Default 100.
   */
  readonly maxRealms: number;
  /** Queues one realm may hold; a send that would open one more fails with `queue_full`. Default 1000. */
  readonly maxQueuesPerRealm: number;
  /** Bytes of queued messages (bodies and headers, waiting or unacked) per realm before `queue_full`. Default 64 MiB. */
  readonly maxQueuedBytes: number;
  /** Milliseconds a queued message waits before it is dropped unread; 0 = forever. Default 24 h. */
  readonly queueMessageTtl: number;
}

/** A snapshot of one subscription, for meta APIs (`wamp.subscription.*`). */
export interface SubscriptionSnapshot {
  readonly id: number;
  readonly pattern: string;
  readonly match: MatchPolicy;
  readonly created: string;
  readonly subscribers: readonly number[];
}

/** A snapshot of one registration, for meta APIs (`wamp.registration.*`). */
export interface RegistrationSnapshot {
  readonly id: number;
  readonly procedure: string;
  readonly match: MatchPolicy;
  readonly invoke: InvokePolicy;
  readonly created: string;
  readonly callees: readonly number[];
}

/**
 * A change in a realm's subscriptions (WAMP subscription meta events): `create` when its first
 * subscriber made it, `subscribe` / `unsubscribe` when a session gained its first or lost its last
 * handle on it, `delete` when its last subscriber left. Whatever the session's protocol.
 */
export interface SubscriptionEvent {
  readonly kind: 'create' | 'subscribe' | 'unsubscribe' | 'delete';
  /** The session that caused it (its `realm` is the subscription's). */
  readonly session: SessionInfo;
  readonly subscription: Omit<SubscriptionSnapshot, 'subscribers'>;
}

/** A change in a realm's registrations (WAMP registration meta events), as SubscriptionEvent. */
export interface RegistrationEvent {
  readonly kind: 'create' | 'register' | 'unregister' | 'delete';
  readonly session: SessionInfo;
  readonly registration: Omit<RegistrationSnapshot, 'callees'>;
}

/** Read-only views of one realm, for meta APIs and operators. */
export interface RealmView {
  readonly name: string;
  sessions(): readonly SessionInfo[];
  subscriptions(): readonly SubscriptionSnapshot[];
  /** Subscriptions whose pattern would receive a publish to `topic`. */
  matchSubscriptions(topic: string): readonly SubscriptionSnapshot[];
  registrations(): readonly RegistrationSnapshot[];
  /** The registration a call to `procedure` would be routed to (exact > longest prefix > wildcard). */
  matchRegistration(procedure: string): RegistrationSnapshot | undefined;
  /** Queues that hold messages or consumers. */
  queues(): readonly QueueSnapshot[];
  /**
   * Bytes of the messages this realm's queues hold (waiting or unacked), counted against
   * `maxQueuedBytes`. With a multi-node engine the count lives in the shared service and this is 0.
   */
  queuedBytes(): number;
}

/** Waiting, consumed and in-flight counts of one queue, for operators and tests. */
export interface QueueSnapshot {
  readonly name: string;
  readonly waiting: number;
  readonly consumers: number;
  readonly unacked: number;
}
