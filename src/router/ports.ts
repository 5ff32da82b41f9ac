/**
 * The engine is the layer under the router that makes several nodes act as one broker
 * (DESIGN.md "Scale-out"). It moves router-level values (realm, topic pattern, RoutedMessage,
 * procedure calls), never protocol frames, and it never throws at the router: failures are
 * reported through the host and counted in `stats`.
 *
 * Topics follow socket.io's ClusterAdapter: the router delivers locally first, then hands the
 * message to the engine; other nodes feed it back through `EngineHost.deliver`.
 */
import type {
  CallPayload,
  CancelMode,
  InvokePolicy,
  MatchPolicy,
  PublishOptions,
  QueueSnapshot,
  RegistrationSnapshot,
  RoutedMessage,
  RouterError,
  SessionInfo,
  SubscriptionSnapshot,
} from './types.js';

/** What an engine tells the host about its service (a Redis outage); see `EngineHost.reportStatus`. */
export type EngineStatus =
  /** The first failure, or readiness lost: why. */
  | { readonly state: 'down'; readonly reason: string }
  /** Failures since the last report, while still down. */
  | { readonly state: 'failing'; readonly failures: number }
  /** Readiness is back after `downtimeMs`; `failures` counted meanwhile (after the first). */
  | { readonly state: 'recovered'; readonly downtimeMs: number; readonly failures: number };

/** Counters an operator watches (exported as metrics by the server). */
export interface EngineStats {
  /** Messages this node handed to the engine for other nodes. */
  published: number;
  /** Messages from other nodes delivered to this node's router. */
  received: number;
  /** Engine operations that failed (publish while Redis is down, a bad frame, ...). */
  errors: number;
}

/** A call from another node, as the callee's node sees it. */
export interface RemoteCallRequest extends CallPayload {
  readonly procedure: string;
  /** The caller, present only when it asked to be disclosed. */
  readonly caller?: SessionInfo;
  readonly receiveProgress: boolean;
  /** Milliseconds, 0 = none. */
  readonly timeout: number;
}

/** Where the outcome of a call goes: the caller's node. */
export interface RemoteCallReply {
  progress(payload: CallPayload): void;
  resolve(payload: CallPayload): void;
  reject(error: RouterError): void;
}

/** The caller side of a call in flight on another node. */
export interface RemoteCall {
  cancel(mode: CancelMode): void;
}

/** A registration on another node, as the calling node sees it. */
export interface RemoteRegistration {
  readonly procedure: string;
  readonly match: MatchPolicy;
  readonly invoke: InvokePolicy;
  /** Nodes that have callees on it, oldest first. */
  readonly nodes: readonly string[];
}

/** A shared-queue message this node took and has not settled yet (opaque to the router). */
export interface Lease {
  readonly realm: string;
  /** The queue's name in the realm. */
  readonly name: string;
  /** The service's key of the queue and of this node's processing list. */
  readonly queue: string;
  readonly processing: string;
  readonly entry: Uint8Array;
}

/** What a shared queue's enqueue is checked against (the router's limits) and stores with the message. */
export interface EnqueueBounds {
  /** The message's bytes (`contentBytes`), counted against `maxQueuedBytes` until it is settled. */
  readonly bytes: number;
  /** Milliseconds since the epoch when it is dropped unread (never delivered); 0 = never. */
  readonly expires: number;
  /** Messages waiting in the queue. */
  readonly maxQueueLength: number;
  /** Queues of the realm holding messages (waiting or taken and unsettled). */
  readonly maxQueuesPerRealm: number;
  /** Bytes of the realm's messages held (waiting or taken and unsettled). */
  readonly maxQueuedBytes: number;
}

/** Why a shared queue refused a message: the bound, and what was held against it. */
export interface QueueRefusal {
  readonly limit: 'maxQueueLength' | 'maxQueuesPerRealm' | 'maxQueuedBytes';
  /** Messages in the queue, queues in the realm, or bytes in the realm, at the refusal. */
  readonly held: number;
}

/** A message taken from a shared queue. */
export interface LeasedMessage {
  readonly message: RoutedMessage;
  /** Milliseconds since the epoch when it is dropped unread; 0 = never. */
  readonly expires: number;
  /** True when it was delivered before (requeued by a nack, or its consumer's node died). */
  readonly redelivered: boolean;
  readonly lease: Lease;
}

/** What one node holds on one realm, for operators (the admin API's cluster-wide listings). */
export interface RealmSnapshot {
  readonly realm: string;
  readonly subscriptions: readonly SubscriptionSnapshot[];
  readonly registrations: readonly RegistrationSnapshot[];
  readonly queues: readonly QueueSnapshot[];
}

/** One node's realms, as it answered a view request. */
export interface NodeSnapshot {
  readonly node: string;
  readonly realms: readonly RealmSnapshot[];
}

/** What the router gives the engine: the way back in. */
export interface EngineHost {
  /** Delivers a message published on another node to this node's subscribers (synchronously). */
  deliver(realm: string, message: RoutedMessage, options: PublishOptions): void;
  /** Runs a call from another node on a local callee; undefined when there is none any more. */
  invoke(realm: string, request: RemoteCallRequest, reply: RemoteCallReply): RemoteCall | undefined;
  /** A shared queue may have messages: local consumers with room should take some. */
  queueReady(realm: string, queue: string): void;
  /** This node's sessions on a realm (for cluster-wide `wamp.session.count/list`). */
  sessions(realm: string): readonly SessionInfo[];
  /** Ends a session hosted on this node for another node's operator; false when it is not here. */
  killSession?(id: number, reason: string): boolean;
  /** This node's subscriptions, registrations and queues, realm by realm (for other nodes' operators). */
  snapshot?(): readonly RealmSnapshot[];
  /**
   * The engine's service went down, is still failing, or recovered: logged by the host. The
   * engine reports an outage once, then a count at most every 30 s, then its end, so a Redis
   * outage is a few lines, not one per failed operation.
   */
  reportStatus(status: EngineStatus): void;
}

/** Topics across nodes: node-interest subscriptions and one hand-over per publish. */
export interface TopicPort {
  /** The first local subscription on (realm, pattern, match) appeared: receive matching topics. */
  addInterest(realm: string, pattern: string, match: MatchPolicy): void;
  /** The last local subscription on (realm, pattern, match) went away. */
  removeInterest(realm: string, pattern: string, match: MatchPolicy): void;
  /** Sends a message, already delivered locally, to the other nodes. Never throws. */
  publish(realm: string, message: RoutedMessage, options: PublishOptions): void;
}

/** Registrations and calls across nodes. */
export interface CallPort {
  /** The first local callee on (realm, procedure, match) appeared. */
  addRegistration(realm: string, procedure: string, match: MatchPolicy, invoke: InvokePolicy): void;
  /** The last local callee on (realm, procedure, match) went away. */
  removeRegistration(realm: string, procedure: string, match: MatchPolicy): void;
  /** The registration of exactly (procedure, match) on other nodes, if any. */
  registration(realm: string, procedure: string, match: MatchPolicy): RemoteRegistration | undefined;
  /** The registration on another node a call to `procedure` would reach (same precedence as local). */
  route(realm: string, procedure: string): RemoteRegistration | undefined;
  /** Sends a call to `node`; the outcome arrives through `reply`, also when the node dies. */
  call(realm: string, node: string, request: RemoteCallRequest, reply: RemoteCallReply): RemoteCall;
}

/** Queues whose messages live in the shared service, so every node's consumers compete for them. */
export interface QueuePort {
  /**
   * True when queues live in the shared service; false (memory engine) when the router keeps
   * its queues itself and the other members are never called.
   */
  readonly shared: boolean;
  /**
   * Appends a message to a shared queue and wakes the nodes consuming it, unless a bound refuses
   * it: checked and counted in one atomic step of the service, across every node. Resolves with
   * the refusal, or undefined once stored (or once the service failed: counted and reported, as
   * every engine operation). Never rejects.
   */
  enqueue(
    realm: string,
    queue: string,
    message: RoutedMessage,
    bounds: EnqueueBounds,
  ): Promise<QueueRefusal | undefined>;
  /** Takes up to `count` messages off the front of a shared queue, leased to this node. */
  take(realm: string, queue: string, count: number): Promise<readonly LeasedMessage[]>;
  /** Deletes a leased message for good: acknowledged, or nacked without requeue. Never throws. */
  settle(lease: Lease): void;
  /** Puts a leased message back at the front of its queue, flagged redelivered. Never throws. */
  release(lease: Lease): void;
  /** Local consumers of `queue` appeared (true) or all left (false): be told when it fills. */
  watch(realm: string, queue: string, on: boolean): void;
  /**
   * Deletes the messages waiting in a shared queue (an operator's purge); resolves with how many.
   * Messages nodes have taken stay with them. Optional: without it, a purge is node-local.
   */
  purge?(realm: string, queue: string): Promise<number>;
}

/** Sessions across nodes (for cluster-wide `wamp.session.count/list`). */
export interface SessionPort {
  /** Sessions of every live node on a realm, this node's included. */
  list(realm: string): Promise<readonly SessionInfo[]>;
  /**
   * Asks the other nodes to end session `id` (an operator's kill, when it is not on this node);
   * resolves whether one did. Optional: without it, a kill reaches this node's sessions only.
   */
  kill?(id: number, reason: string): Promise<boolean>;
  /**
   * What every other live node holds (its `EngineHost.snapshot`), for operators; nodes that do
   * not answer in time are left out. Optional: without it, listings are this node's.
   */
  views?(): Promise<readonly NodeSnapshot[]>;
}

/**
 * A scale-out engine: its lifecycle plus one port per concern the router hands beyond this node.
 * The memory engine (memory-engine.ts, the default) is one node: its ports do nothing beyond it.
 * The bus engine (tests) and the Redis engine (src/cluster/) connect several nodes; each port
 * has its own contract suite (test/cluster/*.contract.ts) run against all three.
 */
export interface Engine {
  /** 'memory', 'bus', 'redis', ... for logs and /readyz. */
  readonly kind: string;
  /** False for the memory engine (this node is the whole broker), true when other nodes may exist. */
  readonly multiNode: boolean;
  readonly nodeId: string;
  readonly stats: Readonly<EngineStats>;
  /** Called once by the router that owns the engine. Throws when attached twice. */
  attach(host: EngineHost): void;
  /** Connects; resolves when ready or when the connect timeout passed (readiness then says why). */
  start(): Promise<void>;
  /** Leaves the cluster and disconnects. Idempotent. */
  close(): Promise<void>;
  /** Undefined when the engine works, else why not (`/readyz` answers 503 with it). */
  notReadyReason(): string | undefined;
  readonly topics: TopicPort;
  readonly calls: CallPort;
  readonly queues: QueuePort;
  readonly sessions: SessionPort;
}
