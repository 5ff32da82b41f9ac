/**
 * The admin API's listings across nodes: this node's realm views and, clustered, every other
 * live node's snapshot (`engine.sessions.views`), as rows tagged with their node. A page polls
 * every second and asks for four listings at once, so the other nodes' answer is reused for a
 * moment instead of being asked for four times.
 */
import type { NodeSnapshot, RealmSnapshot } from '../router/ports.js';
import type { Router } from '../router/router.js';
import { AdminError } from './admin-error.js';

/** How long the other nodes' snapshots are reused, in ms. */
const REUSE_MS = 250;

/** One realm on one node. */
export interface NodeRealm {
  readonly node: string;
  readonly snapshot: RealmSnapshot;
}

export class AdminViews {
  readonly #router: Router;
  #remote: { readonly at: number; readonly answer: Promise<readonly NodeSnapshot[]> } | undefined;

  constructor(router: Router) {
    this.#router = router;
  }

  /** Every node's view of `realm` (all realms when absent); 404 when no node has that realm. */
  async realms(realm?: string): Promise<NodeRealm[]> {
    const nodes = [this.#local(), ...(await this.#others())];
    const wanted = (name: string) => realm === undefined || realm === '' || name === realm;
    const found = nodes.flatMap(({ node, realms }) =>
      realms.filter((snapshot) => wanted(snapshot.realm)).map((snapshot) => ({ node, snapshot })),
    );
    if (found.length === 0 && realm !== undefined && realm !== '') {
      throw new AdminError(404, `no such realm: ${realm}`);
    }
    return found;
  }

  /** Names of the realms in use on any node. */
  async names(): Promise<string[]> {
    return [...new Set((await this.realms()).map(({ snapshot }) => snapshot.realm))];
  }

  #local(): NodeSnapshot {
    const router = this.#router;
    const realms = router.realmNames().map((name) => {
      const view = router.realm(name)!;
      return {
        realm: name,
        subscriptions: view.subscriptions(),
        registrations: view.registrations(),
        queues: view.queues(),
      };
    });
    return { node: router.engine.nodeId, realms };
  }

  #others(): Promise<readonly NodeSnapshot[]> {
    const { engine } = this.#router;
    if (!engine.multiNode || engine.sessions.views === undefined) return Promise.resolve([]);
    const now = Date.now();
    if (this.#remote === undefined || now - this.#remote.at > REUSE_MS) {
      this.#remote = { at: now, answer: engine.sessions.views() };
    }
    return this.#remote.answer;
  }
}
