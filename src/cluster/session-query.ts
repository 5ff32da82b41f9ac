/**
 * Cluster-wide session lists (`wamp.session.count/list` across nodes): a query broadcast to
 * every node, answered by each live node, resolved when all answered or after a timeout (a node
 * that does not answer in time is left out rather than making the caller wait).
 */
import type { SessionInfo } from '../router/types.js';

interface OpenQuery {
  readonly expected: Set<string>;
  readonly collected: SessionInfo[];
  finish(): void;
}

export class SessionQueries {
  readonly #open = new Map<number, OpenQuery>();
  readonly #timeout: number;
  #nextId = 1;

  constructor(timeout: number) {
    this.#timeout = timeout;
  }

  /** Starts a query to `nodes`; `broadcast` sends the request with the query id. */
  run(own: readonly SessionInfo[], nodes: Iterable<string>, broadcast: (id: number) => Promise<void>) {
    const expected = new Set(nodes);
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
      broadcast(id).catch(finish);
    });
  }

  /** A node's answer. */
  answer(id: number, node: string, sessions: readonly SessionInfo[]): void {
    const query = this.#open.get(id);
    if (query === undefined || !query.expected.delete(node)) return;
    query.collected.push(...sessions);
    if (query.expected.size === 0) query.finish();
  }

  /** A node died: stop waiting for it. */
  nodeGone(node: string): void {
    for (const query of [...this.#open.values()]) {
      if (query.expected.delete(node) && query.expected.size === 0) query.finish();
    }
  }
}
