/**
 * Which other nodes are alive: each is remembered with the last time anything was heard from it,
 * and is dead once unheard of for `nodeTimeout`.
 *
 * Any message proves its sender alive, not only heartbeats: a node that is heard of only through
 * its registrations (it started just before this one subscribed and died before its next
 * heartbeat) must still be declared dead, or calls routed to it would hang forever. A node that
 * said goodbye is not brought back by its last messages (queue notifications sent while it
 * closes); only a heartbeat, from a node restarted with the same id, does that.
 */
export class Liveness {
  readonly #timeout: number;
  /** Live nodes: id → last time heard of. */
  readonly #seen = new Map<string, number>();
  /** Nodes that said goodbye: id → when, forgotten after the timeout. */
  readonly #departed = new Map<string, number>();

  constructor(timeout: number) {
    this.#timeout = timeout;
  }

  /** A heartbeat from `node`; true when it was not known alive (new, back, or restarted). */
  heartbeat(node: string, now = Date.now()): boolean {
    this.#departed.delete(node);
    const known = this.#seen.has(node);
    this.#seen.set(node, now);
    return !known;
  }

  /** Any other message from `node`: it is alive, unless it said goodbye recently. */
  heard(node: string, now = Date.now()): void {
    if (!this.#departed.has(node)) this.#seen.set(node, now);
  }

  /** `node` said goodbye: forget it, and ignore what it still sends for a timeout. */
  departed(node: string, now = Date.now()): void {
    this.#seen.delete(node);
    this.#departed.set(node, now);
  }

  /** The nodes unheard of for longer than the timeout; they are forgotten. */
  expire(now = Date.now()): string[] {
    const deadline = now - this.#timeout;
    for (const [node, at] of this.#departed) if (at < deadline) this.#departed.delete(node);
    const dead = [...this.#seen].filter(([, at]) => at < deadline).map(([node]) => node);
    for (const node of dead) this.#seen.delete(node);
    return dead;
  }

  /** Ids of the nodes currently considered alive. */
  nodes(): string[] {
    return [...this.#seen.keys()];
  }
}
