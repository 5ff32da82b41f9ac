/**
 * What the admin API can see and do, whatever carries the request (HTTP in admin-http.ts, the
 * page's WebSocket in admin-socket.ts): snapshots of sessions, topics, queues, procedures and
 * realms, traffic counters, and three actions (kill a session, publish as the broker, purge a
 * queue). Sessions are cluster-wide through `router.sessions`; the rest is this node's view.
 */
import { fromOneValue } from '../payload/index.js';
import { isReservedTopic } from '../router/index.js';
import type { Router } from '../router/router.js';
import { RouterError, type SessionInfo } from '../router/types.js';
import { AdminError } from './admin-error.js';
import { AdminViews, type NodeRealm } from './admin-views.js';

/** Most rows one listing returns; the rest is counted in `truncated` (a page must stay small). */
export const MAX_ROWS = 1000;

/** One listing: its rows, and how many more there were beyond MAX_ROWS. */
export interface Listing<T> {
  readonly items: readonly T[];
  readonly truncated: number;
}

export interface AdminSessions {
  readonly id: number;
  readonly realm: string;
  readonly protocol: string;
  readonly authid: string;
  readonly authrole: string;
}

/** What a live admin view polls for its rates: counters only ever grow, the page divides. */
export interface AdminStats {
  readonly node: string;
  readonly engine: string;
  readonly time: number;
  /** WebSocket and plugin-transport sessions hosted on this node. */
  readonly sessions: number;
  readonly published: number;
  readonly delivered: number;
  readonly enqueued: number;
  /** Messages exchanged with other nodes (0 on a single node). */
  readonly clusterPublished: number;
  readonly clusterReceived: number;
}

export interface AdminServiceDeps {
  readonly router: Router;
  /** Number of sessions hosted here. */
  sessionCount(): number;
  /** Ends a session hosted here in its protocol's words; false when it is not on this node. */
  kill(id: number, reason: string): boolean;
}

function listing<T>(rows: readonly T[]): Listing<T> {
  return { items: rows.slice(0, MAX_ROWS), truncated: Math.max(0, rows.length - MAX_ROWS) };
}

export class AdminService {
  readonly #router: Router;
  readonly #deps: AdminServiceDeps;
  readonly #views: AdminViews;

  constructor(deps: AdminServiceDeps) {
    this.#router = deps.router;
    this.#deps = deps;
    this.#views = new AdminViews(deps.router);
  }

  /** Rows of every node's realms (`realm` narrows; 404 when no node has it), tagged with realm and node. */
  async #rows<T>(realm: string | undefined, pick: (found: NodeRealm) => readonly T[]) {
    const found = await this.#views.realms(realm);
    return listing(
      found.flatMap((entry) => pick(entry).map((row) => ({ realm: entry.snapshot.realm, node: entry.node, ...row }))),
    );
  }

  /** Sessions of every node, through the engine's session lists. */
  async sessions(realm?: string): Promise<Listing<AdminSessions>> {
    const known = await this.#views.names();
    if (realm !== undefined && realm !== '' && !known.includes(realm))
      throw new AdminError(404, `no such realm: ${realm}`);
    const names = realm === undefined || realm === '' ? known : [realm];
    const lists = await Promise.all(names.map((name) => this.#router.sessions(name)));
    return listing(
      lists.flat().map(({ id, realm, protocol, authid, authrole }: SessionInfo) => ({
        id,
        realm,
        protocol,
        authid,
        authrole,
      })),
    );
  }

  topics(realm?: string) {
    return this.#rows(realm, ({ snapshot }) =>
      snapshot.subscriptions.map(({ id, pattern, match, created, subscribers }) => ({
        id,
        pattern,
        match,
        created,
        subscribers: subscribers.length,
      })),
    );
  }

  queues(realm?: string) {
    return this.#rows(realm, ({ snapshot }) =>
      snapshot.queues.map(({ name, waiting, consumers, unacked }) => ({ name, depth: waiting, consumers, unacked })),
    );
  }

  procedures(realm?: string) {
    return this.#rows(realm, ({ snapshot }) =>
      snapshot.registrations.map(({ id, procedure, match, invoke, created, callees }) => ({
        id,
        procedure,
        match,
        invoke,
        created,
        callees: callees.length,
      })),
    );
  }

  /** Realms in use on any node; subscription, registration and queue counts summed over nodes. */
  async realms() {
    const found = await this.#views.realms();
    const names = [...new Set(found.map(({ snapshot }) => snapshot.realm))];
    const rows = await Promise.all(
      names.map(async (name) => {
        const here = found.filter(({ snapshot }) => snapshot.realm === name).map(({ snapshot }) => snapshot);
        const sum = (count: (snapshot: (typeof here)[number]) => number) => here.reduce((n, s) => n + count(s), 0);
        return {
          name,
          sessions: (await this.#router.sessions(name)).length,
          subscriptions: sum((s) => s.subscriptions.length),
          registrations: sum((s) => s.registrations.length),
          queues: sum((s) => s.queues.length),
        };
      }),
    );
    return listing(rows);
  }

  stats(): AdminStats {
    const router = this.#router;
    const { engine } = router;
    return {
      node: engine.nodeId,
      engine: engine.kind,
      time: Date.now(),
      sessions: this.#deps.sessionCount(),
      published: router.stats.published,
      delivered: router.stats.delivered,
      enqueued: router.stats.enqueued,
      clusterPublished: engine.stats.published,
      clusterReceived: engine.stats.received,
    };
  }

  /**
   * Kills a session of this node or, clustered, of another (asked through the engine); 404 when
   * no node hosts it.
   */
  async kill(id: unknown, reason: unknown = 'killed by an administrator'): Promise<{ killed: number }> {
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new AdminError(400, 'session id must be an integer');
    if (typeof reason !== 'string' || reason.length > 100) {
      throw new AdminError(400, 'reason must be a string of at most 100 characters');
    }
    if (this.#deps.kill(id, reason)) return { killed: id };
    const { engine } = this.#router;
    if (engine.multiNode && engine.sessions.kill !== undefined && (await engine.sessions.kill(id, reason))) {
      return { killed: id };
    }
    throw new AdminError(404, `no session ${id}`);
  }

  /** Publishes `payload` as the broker (no publisher); reserved topics (`wamp.*`, `junction.*`) are refused. */
  publish(input: { realm?: unknown; topic?: unknown; payload?: unknown }) {
    const realm = input.realm ?? this.#router.defaultRealm;
    if (typeof realm !== 'string' || !this.#router.hasRealm(realm))
      throw new AdminError(404, `no such realm: ${realm}`);
    if (typeof input.topic !== 'string') throw new AdminError(400, 'topic must be a string');
    if (isReservedTopic(input.topic)) throw new AdminError(400, `topic ${input.topic} is reserved for the broker`);
    try {
      const result = this.#router.local(realm).publish({ topic: input.topic, ...fromOneValue(input.payload) });
      return { realm, topic: input.topic, publicationId: result.publicationId, delivered: result.delivered };
    } catch (err) {
      if (err instanceof RouterError) throw new AdminError(400, err.message);
      throw err;
    }
  }

  /** Drops the waiting messages of a queue (and of its shared queue, clustered); 404 for an unknown realm. */
  async purge(queue: unknown, realm: unknown = this.#router.defaultRealm) {
    if (typeof queue !== 'string' || queue === '') throw new AdminError(400, 'queue must be a non-empty string');
    if (typeof realm !== 'string' || this.#router.realm(realm) === undefined) {
      throw new AdminError(404, `no such realm: ${realm}`);
    }
    try {
      return { realm, queue, purged: await this.#router.purgeQueue(realm, queue) };
    } catch (err) {
      if (err instanceof RouterError) throw new AdminError(400, err.message);
      throw err;
    }
  }
}
