/**
 * An operator's kill of a session on another node (the admin API, docs/admin.md): the request is
 * broadcast on the control channel, the node hosting the session ends it in its protocol's
 * words and says so, every other node says no. It resolves true at the first yes, false when
 * every node said no, died, or did not answer in time.
 */
import { type EnvelopeOf, Kind } from './codec.js';
import type { NodeLink } from './node-link.js';

interface OpenKill {
  readonly expected: Set<string>;
  finish(killed: boolean): void;
}

export class ChannelKills {
  readonly #link: NodeLink;
  readonly #open = new Map<number, OpenKill>();
  readonly #timeout: number;
  #nextId = 1;

  /** @param timeout how long (ms) a kill waits for the other nodes' answers */
  constructor(link: NodeLink, timeout: number) {
    this.#link = link;
    this.#timeout = timeout;
  }

  kill(session: number, reason: string): Promise<boolean> {
    const link = this.#link;
    const expected = new Set(link.peers.nodes());
    if (expected.size === 0) return Promise.resolve(false);
    const id = this.#nextId++;
    return new Promise<boolean>((resolve) => {
      const finish = (killed: boolean) => {
        clearTimeout(timer);
        this.#open.delete(id);
        resolve(killed);
      };
      const timer = setTimeout(() => finish(false), this.#timeout);
      this.#open.set(id, { expected, finish });
      link.send(link.names.control, { k: Kind.KILL_REQUEST, id, s: session, why: reason }).catch(() => finish(false));
    });
  }

  /** Another node's operator kills a session: end it if it is here, and answer either way. */
  onRequest(envelope: EnvelopeOf<typeof Kind.KILL_REQUEST>): void {
    const ok = this.#link.host?.killSession?.(envelope.s, envelope.why) ?? false;
    this.#link.reply(envelope.n, { k: Kind.KILLED, id: envelope.id, ok });
  }

  /** A node's answer to one of this node's kills. */
  onAnswer(envelope: EnvelopeOf<typeof Kind.KILLED>): void {
    const open = this.#open.get(envelope.id);
    if (open === undefined || !open.expected.delete(envelope.n)) return;
    if (envelope.ok) open.finish(true);
    else if (open.expected.size === 0) open.finish(false);
  }

  /** A node died: stop waiting for it. */
  nodeGone(node: string): void {
    for (const open of [...this.#open.values()]) {
      if (open.expected.delete(node) && open.expected.size === 0) open.finish(false);
    }
  }
}
