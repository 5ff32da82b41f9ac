/**
 * A question broadcast to every live node, answered by each: it resolves with everything
 * collected once all expected nodes answered, one of them died, or the timeout passed. A node
 * that does not answer in time is left out rather than making the asker wait. Used for the
 * cluster-wide session lists and the operators' views.
 */
import type { NodeLink } from './node-link.js';

interface OpenQuery<T> {
  readonly expected: Set<string>;
  readonly collected: T[];
  finish(): void;
}

export class PeerQueries<T> {
  readonly #link: NodeLink;
  readonly #timeout: number;
  readonly #open = new Map<number, OpenQuery<T>>();
  #nextId = 1;

  /** @param timeout how long (ms) a query waits for the other nodes' answers */
  constructor(link: NodeLink, timeout: number) {
    this.#link = link;
    this.#timeout = timeout;
  }

  /** Asks every live node (`send` broadcasts the request with its id); `own` is this node's part. */
  ask(own: readonly T[], send: (id: number) => Promise<unknown>): Promise<readonly T[]> {
    const expected = new Set(this.#link.peers.nodes());
    if (expected.size === 0) return Promise.resolve([...own]);
    const id = this.#nextId++;
    return new Promise<readonly T[]>((resolve) => {
      const collected = [...own];
      const finish = () => {
        clearTimeout(timer);
        this.#open.delete(id);
        resolve(collected);
      };
      const timer = setTimeout(finish, this.#timeout);
      this.#open.set(id, { expected, collected, finish });
      send(id).catch(finish);
    });
  }

  /** Node `node`'s answer to query `id`; answers from unexpected nodes or to closed queries are ignored. */
  answer(id: number, node: string, items: readonly T[]): void {
    const query = this.#open.get(id);
    if (query === undefined || !query.expected.delete(node)) return;
    query.collected.push(...items);
    if (query.expected.size === 0) query.finish();
  }

  /** A node died: stop waiting for it. */
  nodeGone(node: string): void {
    for (const query of [...this.#open.values()]) {
      if (query.expected.delete(node) && query.expected.size === 0) query.finish();
    }
  }
}
