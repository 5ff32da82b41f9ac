/**
 * Other nodes' subscriptions, registrations and queues, for operators (the admin API's
 * cluster-wide listings): a request broadcast on the control channel, each live node answering
 * with its snapshot, resolved when all answered or after a timeout (a silent node is left out
 * rather than making the operator wait).
 */
import type { NodeSnapshot } from '../router/ports.js';
import { type EnvelopeOf, Kind } from './codec.js';
import type { NodeLink } from './node-link.js';

interface OpenRequest {
  readonly expected: Set<string>;
  readonly collected: NodeSnapshot[];
  finish(): void;
}

export class ChannelViews {
  readonly #link: NodeLink;
  readonly #open = new Map<number, OpenRequest>();
  readonly #timeout: number;
  #nextId = 1;

  /** @param timeout how long (ms) a request waits for the other nodes' answers */
  constructor(link: NodeLink, timeout: number) {
    this.#link = link;
    this.#timeout = timeout;
  }

  views(): Promise<readonly NodeSnapshot[]> {
    const link = this.#link;
    const expected = new Set(link.peers.nodes());
    if (expected.size === 0) return Promise.resolve([]);
    const id = this.#nextId++;
    return new Promise<readonly NodeSnapshot[]>((resolve) => {
      const collected: NodeSnapshot[] = [];
      const finish = () => {
        clearTimeout(timer);
        this.#open.delete(id);
        resolve(collected);
      };
      const timer = setTimeout(finish, this.#timeout);
      this.#open.set(id, { expected, collected, finish });
      link.send(link.names.control, { k: Kind.VIEWS_REQUEST, id }).catch(finish);
    });
  }

  /** Another node's operator asks what this node holds. */
  onRequest(envelope: EnvelopeOf<typeof Kind.VIEWS_REQUEST>): void {
    this.#link.reply(envelope.n, { k: Kind.VIEWS, id: envelope.id, v: this.#link.host?.snapshot?.() ?? [] });
  }

  /** A node's answer to one of this node's requests. */
  onAnswer(envelope: EnvelopeOf<typeof Kind.VIEWS>): void {
    const request = this.#open.get(envelope.id);
    if (request === undefined || !request.expected.delete(envelope.n)) return;
    request.collected.push({ node: envelope.n, realms: envelope.v });
    if (request.expected.size === 0) request.finish();
  }

  /** A node died: stop waiting for it. */
  nodeGone(node: string): void {
    for (const request of [...this.#open.values()]) {
      if (request.expected.delete(node) && request.expected.size === 0) request.finish();
    }
  }
}
