/**
 * The engine of several nodes on one pub/sub service (Redis, or the in-process bus in tests).
 * Template-method pattern of socket.io's ClusterAdapter: everything here is service-agnostic;
 * a PubSubBackend only moves bytes on channels.
 *
 * - Topics: node-interest subscriptions (one channel or glob per local subscription pattern),
 *   one PUBLISH per message on the topic's channel, own echo dropped by node id, duplicates
 *   from overlapping globs dropped by publication id.
 * - Liveness: every node broadcasts a heartbeat each `heartbeatInterval`; a node not heard of
 *   for `nodeTimeout` is dead: its registrations go, calls to it fail, its calls are interrupted.
 *   A node that does not hear its *own* heartbeat is not ready (its subscriptions are stalled).
 * - RPC: registrations announced with a version per node (snapshots repair gaps), calls
 *   routed over per-node channels (remote-calls.ts).
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors/index.js';
import type {
  Engine,
  EngineHost,
  EngineStats,
  Lease,
  LeasedMessage,
  RemoteCall,
  RemoteCallReply,
  RemoteCallRequest,
  RemoteRegistration,
} from '../router/ports.js';
import type { InvokePolicy, MatchPolicy, PublishOptions, RoutedMessage, SessionInfo } from '../router/types.js';
import type { PubSubBackend } from './backend.js';
import { type ChannelNames, channelNames } from './channels.js';
import { decodeEnvelope, type Envelope, encodeEnvelope, Kind, type RegistrationTuple } from './codec.js';
import { Liveness } from './liveness.js';
import { RecentIds } from './recent-ids.js';
import { type Outgoing, RemoteCalls } from './remote-calls.js';
import { RemoteRegistry } from './remote-registry.js';
import { SessionQueries } from './session-query.js';
import { SharedQueues } from './shared-queues.js';

export interface ChannelEngineOptions {
  /** This node's id; default a random UUID. Must be unique in the cluster. */
  readonly nodeId?: string;
  /** Prefix of every channel, to share one Redis between clusters. Default 'junction:'. */
  readonly prefix?: string;
  /** Heartbeat period in ms. Default 1000. */
  readonly heartbeatInterval?: number;
  /** A node unheard of for this long (ms) is dead. Default 5000. */
  readonly nodeTimeout?: number;
  /** How long `start()` waits for the service before serving as not ready (ms). Default 5000. */
  readonly connectTimeout?: number;
}

const NO_OPTIONS: PublishOptions = {};

/** Resolves true when `work` completes before `deadline` (epoch ms), false otherwise. */
function withDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work.then(() => true), expired]).finally(() => clearTimeout(timer));
}

export class ChannelEngine implements Engine {
  readonly kind: string;
  readonly multiNode = true;
  readonly nodeId: string;
  readonly stats: EngineStats = { published: 0, received: 0, errors: 0 };
  readonly sharedQueues = true;
  readonly #backend: PubSubBackend;
  readonly #queues: SharedQueues;
  readonly #names: ChannelNames;
  readonly #heartbeatInterval: number;
  readonly #nodeTimeout: number;
  readonly #connectTimeout: number;
  readonly #recent = new RecentIds();
  readonly #registry = new RemoteRegistry();
  readonly #calls = new RemoteCalls((node, envelope) => this.#send(this.#names.node(node), envelope));
  readonly #queries: SessionQueries;
  /** Channel ('c') and glob ('p') subscriptions with the number of patterns needing them. */
  readonly #interest = new Map<string, number>();
  /** Other live nodes. */
  readonly #peers: Liveness;
  readonly #regs = new Map<string, RegistrationTuple>();
  #regVersion = 0;
  #host: EngineHost | undefined;
  #state: 'created' | 'started' | 'closed' = 'created';
  #selfSeen = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastReport = 0;
  #suppressed = 0;
  /** (Un)subscribe commands not yet acknowledged by the service. */
  readonly #inFlight = new Set<Promise<void>>();

  constructor(backend: PubSubBackend, options: ChannelEngineOptions = {}) {
    this.kind = backend.kind;
    this.nodeId = options.nodeId ?? randomUUID();
    this.#backend = backend;
    this.#names = channelNames(options.prefix ?? 'junction:');
    this.#heartbeatInterval = options.heartbeatInterval ?? 1000;
    this.#nodeTimeout = options.nodeTimeout ?? 5000;
    this.#connectTimeout = options.connectTimeout ?? 5000;
    this.#queries = new SessionQueries(Math.min(this.#nodeTimeout, 2000));
    this.#peers = new Liveness(this.#nodeTimeout);
    this.#queues = new SharedQueues(backend.queues, this.#names, this.nodeId);
  }

  attach(host: EngineHost): void {
    if (this.#host !== undefined) throw new EngineError('JNC_ERR_ENGINE_ATTACHED');
    this.#host = host;
  }

  async start(): Promise<void> {
    if (this.#state !== 'created') return;
    this.#state = 'started';
    this.#selfSeen = Date.now();
    const deadline = Date.now() + this.#connectTimeout;
    const connected = await withDeadline(
      this.#backend.connect((data) => this.#onData(data)),
      deadline,
    ).catch((err: unknown) => {
      this.#fail(err, 'connect');
      return false;
    });
    if (!connected) this.#fail(new EngineError('JNC_ERR_ENGINE_UNREACHABLE', [this.kind]), 'connect');
    const subscriptions = [this.#names.control, this.#names.node(this.nodeId)].map((c) => this.#backend.subscribe(c));
    for (const key of this.#interest.keys()) subscriptions.push(this.#listen(key, true));
    // Unreachable service: the subscriptions wait in the client and go out once it connects.
    await withDeadline(Promise.all(subscriptions), deadline).catch((err: unknown) => this.#fail(err, 'subscribe'));
    this.#heartbeat();
    this.#timer = setInterval(() => this.#tick(), this.#heartbeatInterval);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const started = this.#state === 'started';
    this.#state = 'closed';
    clearInterval(this.#timer);
    // Goodbye first, on the same connection as what follows: peers forget our registrations
    // before they see the cancellations of their calls.
    const bye = started ? this.#send(this.#names.control, { k: Kind.BYE }).catch(() => {}) : undefined;
    this.#calls.failAll('Cluster engine closed');
    if (!started) return;
    // What this node took and did not settle goes back to its queues, flagged redelivered.
    await this.#queues
      .recover(this.nodeId)
      .then((refilled) => Promise.all(refilled.map(([realm, queue]) => this.#queueReady(realm, queue))))
      .catch((err: unknown) => this.#fail(err, 'queue recovery'));
    await bye;
    await this.#backend.close().catch((err: unknown) => this.#fail(err, 'close'));
  }

  notReadyReason(): string | undefined {
    if (this.#state !== 'started') return `${this.kind} engine ${this.#state === 'closed' ? 'closed' : 'not started'}`;
    const backend = this.#backend.notReadyReason();
    if (backend !== undefined) return backend;
    const silent = Date.now() - this.#selfSeen;
    // Connected but deaf (centrifugo#1189): the node's own heartbeat did not come back.
    if (silent > this.#nodeTimeout) return `${this.kind} subscriptions stalled (own heartbeat unseen for ${silent} ms)`;
    return undefined;
  }

  addInterest(realm: string, pattern: string, match: MatchPolicy): void {
    this.#addKey(this.#interestKey(realm, pattern, match));
  }

  removeInterest(realm: string, pattern: string, match: MatchPolicy): void {
    this.#removeKey(this.#interestKey(realm, pattern, match));
  }

  #addKey(key: string): void {
    const count = this.#interest.get(key) ?? 0;
    this.#interest.set(key, count + 1);
    if (count === 0 && this.#state === 'started')
      this.#listen(key, true).catch((e: unknown) => this.#fail(e, 'subscribe'));
  }

  #removeKey(key: string): void {
    const count = this.#interest.get(key) ?? 0;
    if (count > 1) return void this.#interest.set(key, count - 1);
    this.#interest.delete(key);
    if (count === 1 && this.#state === 'started') {
      this.#listen(key, false).catch((e: unknown) => this.#fail(e, 'unsubscribe'));
    }
  }

  publish(realm: string, message: RoutedMessage, options: PublishOptions): void {
    if (this.#state !== 'started') return;
    this.stats.published++;
    const o = Object.keys(options).length > 0 ? options : undefined;
    const channel = this.#names.topic(realm, message.topic);
    this.#send(channel, { k: Kind.PUBLISH, r: realm, m: message, o }).catch((err: unknown) =>
      this.#fail(err, 'publish'),
    );
  }

  addRegistration(realm: string, procedure: string, match: MatchPolicy, invoke: InvokePolicy): void {
    const reg: RegistrationTuple = [realm, procedure, match, invoke];
    this.#regs.set(`${realm}\u0000${match}\u0000${procedure}`, reg);
    this.#announce(reg, true);
  }

  removeRegistration(realm: string, procedure: string, match: MatchPolicy): void {
    const key = `${realm}\u0000${match}\u0000${procedure}`;
    const reg = this.#regs.get(key);
    if (reg === undefined) return;
    this.#regs.delete(key);
    this.#announce(reg, false);
  }

  registration(realm: string, procedure: string, match: MatchPolicy): RemoteRegistration | undefined {
    return this.#registry.get(realm, procedure, match);
  }

  route(realm: string, procedure: string): RemoteRegistration | undefined {
    return this.#registry.route(realm, procedure);
  }

  call(realm: string, node: string, request: RemoteCallRequest, reply: RemoteCallReply): RemoteCall {
    return this.#calls.call(realm, node, request, reply);
  }

  enqueue(realm: string, queue: string, message: RoutedMessage): void {
    this.#queues
      .enqueue(realm, queue, message)
      .then(() => this.#queueReady(realm, queue))
      .catch((err: unknown) => this.#fail(err, 'enqueue'));
  }

  take(realm: string, queue: string, count: number): Promise<readonly LeasedMessage[]> {
    return this.#queues.take(realm, queue, count).catch((err: unknown) => {
      this.#fail(err, 'take');
      throw err;
    });
  }

  settle(lease: Lease): void {
    this.#queues.settle(lease).catch((err: unknown) => this.#fail(err, 'ack'));
  }

  release(lease: Lease): void {
    this.#queues
      .release(lease)
      .then(() => this.#queueReady(lease.realm, lease.name))
      .catch((err: unknown) => this.#fail(err, 'requeue'));
  }

  /** Wakes the consumers of a queue that got messages, here and on the other nodes. */
  #queueReady(realm: string, queue: string): Promise<void> {
    // Our own notification comes back as an echo and is dropped: wake local consumers directly.
    this.#host?.queueReady(realm, queue);
    return this.#send(this.#names.queueReady(realm, queue), { k: Kind.QUEUE_READY, r: realm, q: queue });
  }

  watchQueue(realm: string, queue: string, on: boolean): void {
    const key = `c${this.#names.queueReady(realm, queue)}`;
    if (on) this.#addKey(key);
    else this.#removeKey(key);
  }

  sessions(realm: string): Promise<readonly SessionInfo[]> {
    const own = this.#host?.sessions(realm) ?? [];
    return this.#queries.run(own, this.#peers.nodes(), (id) =>
      this.#send(this.#names.control, { k: Kind.SESSIONS_REQUEST, id, r: realm }),
    );
  }

  /** Resolves once every (un)subscribe issued so far was acknowledged (or failed). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Ids of the other nodes this node currently considers alive. */
  peers(): string[] {
    return this.#peers.nodes();
  }

  #onData(data: Uint8Array): void {
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(data);
    } catch (err) {
      this.#fail(err, 'decode');
      return;
    }
    if (envelope.n === this.nodeId) {
      // Our own echo: never delivered again, but it proves our subscriptions work.
      if (envelope.k === Kind.HEARTBEAT) this.#selfSeen = Date.now();
      return;
    }
    if (envelope.k !== Kind.HEARTBEAT && envelope.k !== Kind.BYE) this.#peers.heard(envelope.n);
    try {
      this.#dispatch(envelope);
    } catch (err) {
      this.#fail(err, envelope.k);
    }
  }

  #dispatch(envelope: Envelope): void {
    const host = this.#host;
    switch (envelope.k) {
      case Kind.PUBLISH:
        if (host === undefined || !this.#recent.add(envelope.m.publicationId)) break;
        this.stats.received++;
        host.deliver(envelope.r, envelope.m, envelope.o ?? NO_OPTIONS);
        break;
      case Kind.HEARTBEAT:
        // A node we did not know gets our heartbeat at once: of two nodes starting together,
        // one may miss the other's first heartbeat, and must not wait a period to learn of it.
        if (this.#peers.heartbeat(envelope.n)) this.#reply(envelope.n, { k: Kind.HEARTBEAT, v: this.#regVersion });
        if (this.#registry.version(envelope.n) !== envelope.v) this.#requestSnapshot(envelope.n);
        break;
      case Kind.BYE:
        this.#peers.departed(envelope.n);
        this.#nodeGone(envelope.n);
        break;
      case Kind.REGISTRATION:
        if (!this.#registry.apply(envelope.n, envelope.v, envelope.reg, envelope.on)) this.#requestSnapshot(envelope.n);
        break;
      case Kind.SNAPSHOT_REQUEST:
        this.#reply(envelope.n, { k: Kind.SNAPSHOT, v: this.#regVersion, regs: [...this.#regs.values()] });
        break;
      case Kind.SNAPSHOT:
        this.#registry.replace(envelope.n, envelope.v, envelope.regs);
        break;
      case Kind.SESSIONS_REQUEST:
        this.#reply(envelope.n, { k: Kind.SESSIONS, id: envelope.id, s: host?.sessions(envelope.r) ?? [] });
        break;
      case Kind.SESSIONS:
        this.#queries.answer(envelope.id, envelope.n, envelope.s);
        break;
      case Kind.CALL:
        if (host !== undefined) this.#calls.onCall(envelope, host);
        break;
      case Kind.CANCEL:
        this.#calls.onCancel(envelope);
        break;
      case Kind.QUEUE_READY:
        host?.queueReady(envelope.r, envelope.q);
        break;
      default:
        this.#calls.onReply(envelope);
    }
  }

  #tick(): void {
    for (const node of this.#peers.expire()) this.#nodeGone(node);
    this.#heartbeat();
  }

  #heartbeat(): void {
    this.#send(this.#names.control, { k: Kind.HEARTBEAT, v: this.#regVersion }).catch((err: unknown) =>
      this.#fail(err, 'heartbeat'),
    );
  }

  #nodeGone(node: string): void {
    this.#registry.removeNode(node);
    this.#queries.nodeGone(node);
    this.#calls.nodeGone(node);
    // Every node tries; the script is atomic, so the first one moves the messages, the rest find none.
    this.#queues
      .recover(node)
      .then((refilled) => Promise.all(refilled.map(([realm, queue]) => this.#queueReady(realm, queue))))
      .catch((err: unknown) => this.#fail(err, 'queue recovery'));
  }

  #announce(reg: RegistrationTuple, on: boolean): void {
    this.#regVersion++;
    if (this.#state !== 'started') return;
    // A lost announcement is repaired: peers see the version in our heartbeat and ask for a snapshot.
    this.#send(this.#names.control, { k: Kind.REGISTRATION, v: this.#regVersion, reg, on }).catch((err: unknown) =>
      this.#fail(err, 'announce'),
    );
  }

  #requestSnapshot(node: string): void {
    this.#reply(node, { k: Kind.SNAPSHOT_REQUEST });
  }

  #reply(node: string, envelope: Outgoing): void {
    this.#send(this.#names.node(node), envelope).catch((err: unknown) => this.#fail(err, envelope.k));
  }

  #send(channel: string, envelope: Outgoing): Promise<void> {
    return this.#backend.publish(channel, encodeEnvelope({ ...envelope, n: this.nodeId } as Envelope));
  }

  #interestKey(realm: string, pattern: string, match: MatchPolicy): string {
    const { glob, name } = this.#names.interest(realm, pattern, match);
    return `${glob ? 'p' : 'c'}${name}`;
  }

  #listen(key: string, on: boolean): Promise<void> {
    const name = key.slice(1);
    const t = this.#backend;
    const glob = key.startsWith('p');
    const command = glob
      ? on
        ? t.psubscribe(name)
        : t.punsubscribe(name)
      : on
        ? t.subscribe(name)
        : t.unsubscribe(name);
    this.#inFlight.add(command);
    const forget = () => void this.#inFlight.delete(command);
    command.then(forget, forget);
    return command;
  }

  /** Counts every failure; reports at most one per second so an outage does not flood the logs. */
  #fail(err: unknown, operation: string): void {
    this.stats.errors++;
    const now = Date.now();
    if (now - this.#lastReport < 1000) {
      this.#suppressed++;
      return;
    }
    const more = this.#suppressed > 0 ? ` (+${this.#suppressed} similar failures)` : '';
    this.#lastReport = now;
    this.#suppressed = 0;
    if (this.#host === undefined) console.error(`junction ${this.kind} engine: ${operation} failed${more}`, err);
    else this.#host.reportError(err, `${operation}${more}`);
  }
}
