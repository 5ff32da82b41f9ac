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

interface OpenQuery {
  readonly expected: Set<string>;
  readonly collected: SessionInfo[];
  finish(): void;
}

/** The SessionPort of a channel engine; requests and answers are fed by the engine's dispatch. */
export class ChannelSessions implements SessionPort {
  readonly #link: NodeLink;
  readonly #open = new Map<number, OpenQuery>();
  readonly #timeout: number;
  #nextId = 1;

  /** @param timeout how long (ms) a query waits for the other nodes' answers */
  constructor(link: NodeLink, timeout: number) {
    this.#link = link;
    this.#timeout = timeout;
  }

  list(realm: string): Promise<readonly SessionInfo[]> {
    const link = this.#link;
    const own = link.host?.sessions(realm) ?? [];
    const expected = new Set(link.peers.nodes());
    if (expected.size === 0) return Promise.resolve([...own]);
    const id = this.#nextId++;
    return new Promise<readonly SessionInfo[]>((resolve) => {
      const collected = [...own];
      const finish = () => {
        clearTimeout(timer);
        this.#open.delete(id);
        resolve(collected);
      };
      const timer = setTimeout(finish, this.#timeout);
      this.#open.set(id, { expected, collected, finish });
      link.send(link.names.control, { k: Kind.SESSIONS_REQUEST, id, r: realm }).catch(finish);
    });
  }

  /** Another node asks for this node's sessions on a realm. */
  onRequest(envelope: EnvelopeOf<typeof Kind.SESSIONS_REQUEST>): void {
    const sessions = this.#link.host?.sessions(envelope.r) ?? [];
    this.#link.reply(envelope.n, { k: Kind.SESSIONS, id: envelope.id, s: sessions });
  }

  /** A node's answer to one of this node's queries. */
  onAnswer(envelope: EnvelopeOf<typeof Kind.SESSIONS>): void {
    const query = this.#open.get(envelope.id);
    if (query === undefined || !query.expected.delete(envelope.n)) return;
    query.collected.push(...envelope.s);
    if (query.expected.size === 0) query.finish();
  }

  /** A node died: stop waiting for it. */
  nodeGone(node: string): void {
    for (const query of [...this.#open.values()]) {
      if (query.expected.delete(node) && query.expected.size === 0) query.finish();
    }
  }
}
