/**
 * Other nodes' subscriptions, registrations and queues, for operators (the admin API's
 * cluster-wide listings): a request broadcast on the control channel, each live node answering
 * with its snapshot, resolved when all answered or after a timeout (a silent node is left out
 * rather than making the operator wait).
 */
import type { NodeSnapshot } from '../router/ports.js';
import { type EnvelopeOf, Kind } from './codec.js';
import type { NodeLink } from './node-link.js';
import { PeerQueries } from './peer-query.js';

export class ChannelViews {
  readonly #link: NodeLink;
  readonly #queries: PeerQueries<NodeSnapshot>;

  /** @param timeout how long (ms) a request waits for the other nodes' answers */
  constructor(link: NodeLink, timeout: number) {
    this.#link = link;
    this.#queries = new PeerQueries(link, timeout);
  }

  views(): Promise<readonly NodeSnapshot[]> {
    const link = this.#link;
    return this.#queries.ask([], (id) => link.send(link.names.control, { k: Kind.VIEWS_REQUEST, id }));
  }

  /** Another node's operator asks what this node holds. */
  onRequest(envelope: EnvelopeOf<typeof Kind.VIEWS_REQUEST>): void {
    this.#link.reply(envelope.n, { k: Kind.VIEWS, id: envelope.id, v: this.#link.host?.snapshot?.() ?? [] });
  }

  /** A node's answer to one of this node's requests. */
  onAnswer(envelope: EnvelopeOf<typeof Kind.VIEWS>): void {
    this.#queries.answer(envelope.id, envelope.n, [{ node: envelope.n, realms: envelope.v }]);
  }

  /** A node died: stop waiting for it. */
  nodeGone(node: string): void {
    this.#queries.nodeGone(node);
  }
}
