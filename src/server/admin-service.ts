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

/** A refusal with the HTTP status it maps to (400 bad input, 404 unknown target). */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

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

  constructor(deps: AdminServiceDeps) {
    this.#router = deps.router;
    this.#deps = deps;
  }

  /** The realms asked for: one (404 when it does not exist here) or every realm of this node. */
  #realms(realm: string | undefined): readonly string[] {
    if (realm === undefined || realm === '') return this.#router.realmNames();
    if (this.#router.realm(realm) === undefined) throw new AdminError(404, `no such realm: ${realm}`);
    return [realm];
  }

  #view(realm: string) {
    return this.#router.realm(realm)!;
  }

  async sessions(realm?: string): Promise<Listing<AdminSessions>> {
    const lists = await Promise.all(this.#realms(realm).map((name) => this.#router.sessions(name)));
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
    const rows = this.#realms(realm).flatMap((name) =>
      this.#view(name)
        .subscriptions()
        .map(({ id, pattern, match, created, subscribers }) => ({
          realm: name,
          id,
          pattern,
          match,
          created,
          subscribers: subscribers.length,
        })),
    );
    return listing(rows);
  }

  queues(realm?: string) {
    const rows = this.#realms(realm).flatMap((name) =>
      this.#view(name)
        .queues()
        .map(({ name: queue, waiting, consumers, unacked }) => ({
          realm: name,
          name: queue,
          depth: waiting,
          consumers,
          unacked,
        })),
    );
    return listing(rows);
  }

  procedures(realm?: string) {
    const rows = this.#realms(realm).flatMap((name) =>
      this.#view(name)
        .registrations()
        .map(({ id, procedure, match, invoke, created, callees }) => ({
          realm: name,
          id,
          procedure,
          match,
          invoke,
          created,
          callees: callees.length,
        })),
    );
    return listing(rows);
  }

  async realms() {
    const rows = await Promise.all(
      this.#router.realmNames().map(async (name) => {
        const view = this.#view(name);
        return {
          name,
          sessions: (await this.#router.sessions(name)).length,
          subscriptions: view.subscriptions().length,
          registrations: view.registrations().length,
          queues: view.queues().length,
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
