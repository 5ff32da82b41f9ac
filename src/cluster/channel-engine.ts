/**
 * The engine of several nodes on one pub/sub service (Redis, or the in-process bus in tests).
 * Template-method pattern of socket.io's ClusterAdapter: everything here is service-agnostic;
 * a PubSubBackend only moves bytes on channels.
 *
 * This file owns the lifecycle; each port lives in its own module over the shared node link
 * (node-link.ts): topics (channel-topics.ts), calls (channel-calls.ts), queues
 * (channel-queues.ts), sessions (channel-sessions.ts).
 * - Lifecycle: start (connect, subscribe, heartbeat), close (goodbye, calls failed, leases given
 *   back), readiness.
 * - Liveness: every node broadcasts a heartbeat each `heartbeatInterval`; a node not heard of
 *   for `nodeTimeout` is dead: its registrations go, calls to it fail, its calls are interrupted,
 *   its queue leases are given back. A node that does not hear its *own* heartbeat is not ready
 *   (its subscriptions are stalled).
 * - Dispatch: each envelope from the service goes to the port that handles its kind.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../errors/index.js';
import type { CallPort, Engine, EngineHost, EngineStats, QueuePort, SessionPort, TopicPort } from '../router/ports.js';
import type { PubSubBackend } from './backend.js';
import { ChannelCalls } from './channel-calls.js';
import { ChannelKills } from './channel-kills.js';
import { ChannelQueues } from './channel-queues.js';
import { ChannelSessions } from './channel-sessions.js';
import { ChannelTopics } from './channel-topics.js';
import { ChannelViews } from './channel-views.js';
import { decodeEnvelopes, type Envelope, isBatchFrom, Kind, senderBytes } from './codec.js';
import { NodeLink } from './node-link.js';

/** How a channel engine names itself, shares the service, and judges liveness. */
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
  /** During an outage, failures are summed into one report at most this often (ms). Default 30 s. */
  readonly failureSummaryInterval?: number;
}

/** Resolves true when `work` completes before `deadline` (epoch ms), false otherwise. */
function withDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work.then(() => true), expired]).finally(() => clearTimeout(timer));
}

/** A multi-node engine over a PubSubBackend: Redis (redis-engine.ts) or the bus (bus-engine.ts). */
export class ChannelEngine implements Engine {
  readonly kind: string;
  readonly multiNode = true;
  readonly nodeId: string;
  readonly stats: Readonly<EngineStats>;
  readonly topics: TopicPort;
  readonly calls: CallPort;
  readonly queues: QueuePort;
  readonly sessions: SessionPort;
  readonly #link: NodeLink;
  readonly #topics: ChannelTopics;
  readonly #calls: ChannelCalls;
  readonly #queues: ChannelQueues;
  readonly #sessions: ChannelSessions;
  readonly #kills: ChannelKills;
  readonly #views: ChannelViews;
  readonly #heartbeatInterval: number;
  readonly #nodeTimeout: number;
  readonly #connectTimeout: number;
  /** How this node's own envelopes begin (codec.ts `senderBytes`). */
  readonly #ownSender: Uint8Array;
  #selfSeen = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(backend: PubSubBackend, options: ChannelEngineOptions = {}) {
    this.#heartbeatInterval = options.heartbeatInterval ?? 1000;
    this.#nodeTimeout = options.nodeTimeout ?? 5000;
    this.#connectTimeout = options.connectTimeout ?? 5000;
    const nodeId = options.nodeId ?? randomUUID();
    const link = new NodeLink(backend, {
      nodeId,
      prefix: options.prefix ?? 'junction:',
      nodeTimeout: this.#nodeTimeout,
      ...(options.failureSummaryInterval !== undefined && { failureSummaryInterval: options.failureSummaryInterval }),
    });
    this.#link = link;
    this.#ownSender = senderBytes(nodeId);
    this.kind = link.kind;
    this.nodeId = nodeId;
    this.stats = link.stats;
    this.topics = this.#topics = new ChannelTopics(link);
    this.calls = this.#calls = new ChannelCalls(link);
    this.queues = this.#queues = new ChannelQueues(link);
    this.#sessions = new ChannelSessions(link, Math.min(this.#nodeTimeout, 2000));
    this.#kills = new ChannelKills(link, Math.min(this.#nodeTimeout, 2000));
    this.#views = new ChannelViews(link, Math.min(this.#nodeTimeout, 2000));
    const kills = this.#kills;
    const views = this.#views;
    this.sessions = {
      list: (realm) => this.#sessions.list(realm),
      kill: (id, reason) => kills.kill(id, reason),
      views: () => views.views(),
    };
  }

  attach(host: EngineHost): void {
    if (this.#link.host !== undefined) throw new EngineError('JNC_ERR_ENGINE_ATTACHED');
    this.#link.host = host;
  }

  async start(): Promise<void> {
    const link = this.#link;
    if (link.state !== 'created') return;
    link.state = 'started';
    this.#selfSeen = Date.now();
    const deadline = Date.now() + this.#connectTimeout;
    const connected = await withDeadline(
      link.backend.connect((data) => this.#onData(data)),
      deadline,
    ).catch((err: unknown) => {
      this.#fail(err, 'connect');
      return false;
    });
    if (!connected) this.#fail(new EngineError('JNC_ERR_ENGINE_UNREACHABLE', [this.kind]), 'connect');
    const subscriptions = [link.names.control, link.names.node(this.nodeId)].map((c) => link.backend.subscribe(c));
    subscriptions.push(...link.subscriptions.restore());
    // Unreachable service: the subscriptions wait in the client and go out once it connects.
    await withDeadline(Promise.all(subscriptions), deadline).catch((err: unknown) => this.#fail(err, 'subscribe'));
    this.#heartbeat();
    this.#timer = setInterval(() => this.#tick(), this.#heartbeatInterval);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    const link = this.#link;
    if (link.state === 'closed') return;
    const started = link.state === 'started';
    link.state = 'closed';
    clearInterval(this.#timer);
    // Goodbye first, on the same connection as what follows: peers forget our registrations
    // before they see the cancellations of their calls.
    const bye = started ? link.send(link.names.control, { k: Kind.BYE }).catch(() => {}) : undefined;
    this.#calls.close();
    if (!started) return;
    // What this node took and did not settle goes back to its queues, flagged redelivered.
    await this.#queues.recover(this.nodeId);
    await bye;
    await link.backend.close().catch((err: unknown) => this.#fail(err, 'close'));
  }

  notReadyReason(): string | undefined {
    const state = this.#link.state;
    if (state !== 'started') return `${this.kind} engine ${state === 'closed' ? 'closed' : 'not started'}`;
    const backend = this.#link.backend.notReadyReason();
    if (backend !== undefined) return backend;
    const silent = Date.now() - this.#selfSeen;
    // Connected but deaf (centrifugo#1189): the node's own heartbeat did not come back.
    if (silent > this.#nodeTimeout) return `${this.kind} subscriptions stalled (own heartbeat unseen for ${silent} ms)`;
    return undefined;
  }

  /** Resolves once every (un)subscribe issued so far was acknowledged (or failed). */
  settled(): Promise<void> {
    return this.#link.subscriptions.settled();
  }

  /** Ids of the other nodes this node currently considers alive. */
  peers(): string[] {
    return this.#link.peers.nodes();
  }

  #onData(data: Uint8Array): void {
    // Our own batch, echoed by a channel we listen on too: never delivered again, so not even
    // decoded (heartbeats, the echo we do read, travel alone: node-link.ts `send`).
    if (isBatchFrom(data, this.#ownSender)) return;
    let envelopes: Envelope | Envelope[];
    try {
      envelopes = decodeEnvelopes(data);
    } catch (err) {
      this.#fail(err, 'decode');
      return;
    }
    if (!Array.isArray(envelopes)) this.#onEnvelope(envelopes);
    else for (const envelope of envelopes) this.#onEnvelope(envelope);
  }

  #onEnvelope(envelope: Envelope): void {
    if (envelope.n === this.nodeId) {
      // Our own echo: never delivered again, but it proves our subscriptions work.
      if (envelope.k === Kind.HEARTBEAT) this.#selfSeen = Date.now();
      return;
    }
    if (envelope.k !== Kind.HEARTBEAT && envelope.k !== Kind.BYE) this.#link.peers.heard(envelope.n);
    try {
      this.#dispatch(envelope);
    } catch (err) {
      this.#fail(err, envelope.k);
    }
  }

  /** Hands an envelope from another node to the port that handles its kind. */
  #dispatch(envelope: Envelope): void {
    switch (envelope.k) {
      case Kind.PUBLISH:
        this.#topics.onPublish(envelope);
        break;
      case Kind.HEARTBEAT:
        // A node we did not know gets our heartbeat at once: of two nodes starting together,
        // one may miss the other's first heartbeat, and must not wait a period to learn of it.
        if (this.#link.peers.heartbeat(envelope.n)) {
          this.#link.reply(envelope.n, { k: Kind.HEARTBEAT, v: this.#calls.version });
        }
        this.#calls.onHeartbeat(envelope.n, envelope.v);
        break;
      case Kind.BYE:
        this.#link.peers.departed(envelope.n);
        this.#nodeGone(envelope.n);
        break;
      case Kind.REGISTRATION:
        this.#calls.onRegistration(envelope);
        break;
      case Kind.SNAPSHOT_REQUEST:
        this.#calls.onSnapshotRequest(envelope.n);
        break;
      case Kind.SNAPSHOT:
        this.#calls.onSnapshot(envelope);
        break;
      case Kind.SESSIONS_REQUEST:
        this.#sessions.onRequest(envelope);
        break;
      case Kind.SESSIONS:
        this.#sessions.onAnswer(envelope);
        break;
      case Kind.KILL_REQUEST:
        this.#kills.onRequest(envelope);
        break;
      case Kind.KILLED:
        this.#kills.onAnswer(envelope);
        break;
      case Kind.VIEWS_REQUEST:
        this.#views.onRequest(envelope);
        break;
      case Kind.VIEWS:
        this.#views.onAnswer(envelope);
        break;
      case Kind.CALL:
        this.#calls.onCall(envelope);
        break;
      case Kind.CANCEL:
        this.#calls.onCancel(envelope);
        break;
      case Kind.QUEUE_READY:
        this.#queues.onReady(envelope);
        break;
      default:
        this.#calls.onReply(envelope);
        break;
    }
  }

  #tick(): void {
    for (const node of this.#link.peers.expire()) this.#nodeGone(node);
    // Readiness, once a period: an outage without failed operations (a client that queues while
    // disconnected) is reported too, and its end is noticed.
    this.#link.outage.check(this.notReadyReason());
    this.#heartbeat();
  }

  #heartbeat(): void {
    const link = this.#link;
    link
      .send(link.names.control, { k: Kind.HEARTBEAT, v: this.#calls.version })
      .catch((err: unknown) => this.#fail(err, 'heartbeat'));
  }

  #nodeGone(node: string): void {
    this.#calls.nodeGone(node);
    this.#sessions.nodeGone(node);
    this.#kills.nodeGone(node);
    this.#views.nodeGone(node);
    // Every node tries; the script is atomic, so the first one moves the messages, the rest find none.
    void this.#queues.recover(node);
  }

  #fail(err: unknown, operation: string): void {
    this.#link.fail(err, operation);
  }
}
