/**
 * The session port of the channel engine: cluster-wide session lists (`wamp.session.count/list`
 * across nodes). A query is broadcast to every node, answered by each live node, and resolved
 * when all answered or after a timeout: a node that does not answer in time is left out rather
 * than making the caller wait.
 */
import type { SessionPort } from '../router/ports.js';
import type { SessionInfo } from '../router/types.js';
import { type EnvelopeOf, Kind } from './codec.js';
import type { NodeLink } from './node-link.js';
import { PeerQueries } from './peer-query.js';

/** The SessionPort of a channel engine; requests and answers are fed by the engine's dispatch. */
export class ChannelSessions implements SessionPort {
  readonly #link: NodeLink;
  readonly #queries: PeerQueries<SessionInfo>;

  /** @param timeout how long (ms) a query waits for the other nodes' answers */
  constructor(link: NodeLink, timeout: number) {
    this.#link = link;
    this.#queries = new PeerQueries(link, timeout);
  }

  list(realm: string): Promise<readonly SessionInfo[]> {
    const link = this.#link;
    const own = link.host?.sessions(realm) ?? [];
    return this.#queries.ask(own, (id) => link.send(link.names.control, { k: Kind.SESSIONS_REQUEST, id, r: realm }));
  }

  /** Another node asks for this node's sessions on a realm. */
  onRequest(envelope: EnvelopeOf<typeof Kind.SESSIONS_REQUEST>): void {
    const sessions = this.#link.host?.sessions(envelope.r) ?? [];
    this.#link.reply(envelope.n, { k: Kind.SESSIONS, id: envelope.id, s: sessions });
  }

  /** A node's answer to one of this node's queries. */
  onAnswer(envelope: EnvelopeOf<typeof Kind.SESSIONS>): void {
    this.#queries.answer(envelope.id, envelope.n, envelope.s);
  }

  /** A node died: stop waiting for it. */
  nodeGone(node: string): void {
    this.#queries.nodeGone(node);
  }
}
