/**
 * What the ports of a channel engine share: this node's id, the pub/sub backend and its channel
 * names, the host (the router, once attached), the engine's lifecycle state, the other nodes this
 * node believes alive, the counted channel subscriptions, sending, and failure reporting. The
 * engine (channel-engine.ts) owns one and drives its lifecycle; each port holds a reference.
 */
import type { EngineHost, EngineStats, EngineStatus } from '../router/ports.js';
import type { PubSubBackend } from './backend.js';
import { ChannelSubscriptions } from './channel-subscriptions.js';
import { type ChannelNames, channelNames } from './channels.js';
import { encodeSigned, Kind, type Outgoing } from './codec.js';
import { Liveness } from './liveness.js';
import { OutageReporter } from './outage.js';
import { PublishBatch } from './publish-batch.js';

/** The engine's lifecycle: ports stay quiet on the service unless it is 'started'. */
export type EngineState = 'created' | 'started' | 'closed';

/** What the engine resolved from its options for the link. */
export interface NodeLinkOptions {
  readonly nodeId: string;
  /** Prefix of every channel and key. */
  readonly prefix: string;
  /** A node unheard of for this long (ms) is dead. */
  readonly nodeTimeout: number;
  /** Failures during an outage are summed into one report at most this often (ms). Default 30 s. */
  readonly failureSummaryInterval?: number;
}

/** One node's link to the cluster, shared by the engine and its ports. */
export class NodeLink {
  /** The backend's kind: 'redis', 'bus', ... */
  readonly kind: string;
  readonly nodeId: string;
  readonly backend: PubSubBackend;
  readonly names: ChannelNames;
  readonly stats: EngineStats = { published: 0, received: 0, errors: 0 };
  /** Other live nodes. */
  readonly peers: Liveness;
  readonly subscriptions: ChannelSubscriptions;
  state: EngineState = 'created';
  /** The router; set once by the engine's `attach`. */
  host: EngineHost | undefined;
  /** Outages of the service, reported to the host in a few lines (outage.ts). */
  readonly outage: OutageReporter;
  readonly #batch: PublishBatch;

  constructor(backend: PubSubBackend, options: NodeLinkOptions) {
    this.kind = backend.kind;
    this.nodeId = options.nodeId;
    this.backend = backend;
    this.names = channelNames(options.prefix);
    this.peers = new Liveness(options.nodeTimeout);
    this.#batch = new PublishBatch(backend);
    this.outage = new OutageReporter((status) => this.#report(status), options.failureSummaryInterval);
    this.subscriptions = new ChannelSubscriptions(
      backend,
      () => this.state === 'started',
      (err, operation) => this.fail(err, operation),
    );
  }

  /**
   * Publishes an envelope signed with this node's id, at the end of the turn with the envelopes
   * sent to the same channel just before and after it; rejects when the service did not take it.
   * Encoded at once: a value that cannot be encoded throws here, to its sender.
   */
  send(channel: string, envelope: Outgoing): Promise<unknown> {
    // The sender first: a node knows its own batches by their first bytes (codec.ts `isBatchFrom`).
    const bytes = encodeSigned(this.nodeId, envelope);
    // A heartbeat travels alone: its echo is the one a node must read (own batches are skipped unread).
    if (envelope.k === Kind.HEARTBEAT) return this.#batch.addAlone(channel, bytes);
    return this.#batch.add(channel, bytes);
  }

  /** Sends to one node's own channel; a failure is reported, never thrown. */
  reply(node: string, envelope: Outgoing): void {
    this.send(this.names.node(node), envelope).catch((err: unknown) => this.fail(err, envelope.k));
  }

  /** Counts every failure; the first of an outage is reported with its reason, the rest summed. */
  fail(err: unknown, operation: string): void {
    this.stats.errors++;
    const message = err instanceof Error ? err.message : String(err);
    this.outage.failed(`${operation} failed: ${message}`);
  }

  #report(status: EngineStatus): void {
    // Before `attach` there is no host to log through (an engine used without a router).
    if (this.host === undefined) console.error(`junction ${this.kind} engine:`, status);
    else this.host.reportStatus(status);
  }
}
