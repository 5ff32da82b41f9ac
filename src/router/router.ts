/**
 * The router: realms (auto-created, or a fixed list), session handles, the in-process `local`
 * handles, and session join/leave and subscription/registration lifecycle events for protocol
 * meta APIs (WAMP `wamp.session.on_join`, `wamp.subscription.on_create`).
 *
 * Realms created on first use are bounded (`maxRealms`) and forgotten once empty, so a client
 * naming a new realm per connection cannot grow the broker: the default realm and a fixed list
 * are permanent.
 */

import { createSequence, randomId } from '../common/ids.js';
import { type AccessOptions, AccessPolicy } from './access/policy.js';
import {
  DEFAULT_LIMITS,
  type EngineStatusHandler,
  type RouterContext,
  type RouterErrorHandler,
  type RouterStats,
  reportStatusToConsole,
  reportToConsole,
} from './context.js';
import type { PayloadContracts } from './contract-hooks.js';
import { createEngineHost } from './engine-host.js';
import { createLifecycleEvents } from './lifecycle-events.js';
import { LocalHandle } from './local-handle.js';
import { createMemoryEngine } from './memory-engine.js';
import { validateTopic } from './patterns/topic-pattern.js';
import type { Engine } from './ports.js';
import { Realm } from './realm.js';
import { RealmSession } from './session-handle.js';
import { RouterTraffic } from './traffic.js';
import {
  ErrorUri,
  type RealmView,
  type RegistrationEvent,
  RouterError,
  type RouterLimits,
  type SessionHandle,
  type SessionInfo,
  type SubscriptionEvent,
} from './types.js';

/** Session lifecycle events of a router. */
export type SessionEvent = 'join' | 'leave';

export interface RouterEvents {
  /** Listens to sessions joining or leaving (local handles excluded); returns the unsubscriber. */
  on(event: SessionEvent, listener: (info: SessionInfo) => void): () => void;
  off(event: SessionEvent, listener: (info: SessionInfo) => void): void;
  /** Listens to subscriptions created, subscribed, unsubscribed and deleted on this node; returns the unsubscriber. */
  onSubscription(listener: (event: SubscriptionEvent) => void): () => void;
  /** Listens to registrations created, registered, unregistered and deleted on this node; returns the unsubscriber. */
  onRegistration(listener: (event: RegistrationEvent) => void): () => void;
}

export interface RouterOptions {
  /** Realm used when a client names none. Default: the first of `realms` when fixed, else 'realm1'. */
  readonly defaultRealm?: string;
  /** When set, only these realms exist and unknown realms are refused (`wamp.error.no_such_realm`). */
  readonly realms?: readonly string[];
  readonly limits?: Partial<RouterLimits>;
  /** Called when a delivery, queue, callee or event handler throws. Default: console.error. */
  readonly onError?: RouterErrorHandler;
  /** Called when the engine's service goes down, keeps failing, or recovers. Default: console.error. */
  readonly onEngineStatus?: EngineStatusHandler;
  /** The scale-out engine (its ports, ports.ts). Default: the memory engine (one node, no service). */
  readonly engine?: Engine;
  /**
   * Permissions and the `authorize` hook (docs/security.md). Default: every role may do everything,
   * within the invariants (reserved namespaces, private reply paths, admin-only session meta).
   */
  readonly access?: AccessOptions;
  /** Payload contracts checked on publish and call (src/contracts/). Default: none. */
  readonly contracts?: PayloadContracts;
  /**
   * Ends a session this node hosts when another node's operator kills it (the admin API); the
   * router knows sessions, not their connections. Default: none (such kills find nothing here).
   */
  readonly killSession?: (id: number, reason: string) => boolean;
}

/** The router: realms of topics, queues and procedures shared by every protocol. */
export interface Router extends RouterEvents {
  readonly defaultRealm: string;
  readonly limits: RouterLimits;
  /**
   * Opens a session on a realm. Throws RouterError `wamp.error.no_such_realm` when realms are
   * fixed and `info.realm` is not one of them.
   */
  openSession(info: SessionInfo): SessionHandle;
  /**
   * Whether a realm exists or may be auto-created (a valid name, not in strict mode); joining
   * one may still be refused while `maxRealms` auto-created realms exist.
   */
  hasRealm(name: string): boolean;
  /** Read-only views of a realm (meta APIs, operators), or undefined before its first use. */
  realm(name: string): RealmView | undefined;
  /** A handle for in-process code (no session): publish, subscribe, register, call on a realm. */
  local(realm?: string): SessionHandle;
  /**
   * The sessions of a realm on every node: an array at once on a single node, a promise when
   * the engine has to ask the other nodes.
   */
  sessions(realm: string): readonly SessionInfo[] | Promise<readonly SessionInfo[]>;
  /** Names of the realms that exist on this node (the permanent ones and the auto-created ones in use). */
  realmNames(): readonly string[];
  /**
   * Operators only (the admin API; plugins never get it): drops the messages waiting on a queue
   * (here, and in the engine's shared queue) and resolves with how many. Unacked deliveries stay
   * with their consumers. Rejects with RouterError `invalid_uri` for a bad name (shared queues).
   */
  purgeQueue(realm: string, queue: string): Promise<number>;
  /** Traffic counters of this node (publishes, deliveries, enqueues) and the last publish's cost. */
  readonly stats: Readonly<RouterStats>;
  /** The scale-out engine this router publishes through (the memory engine by default). */
  readonly engine: Engine;
  /** Publishes, deliveries and calls per protocol, and call durations (for metrics). */
  readonly traffic: RouterTraffic;
}

/** The identity of in-process code using `router.local()`. */
export const LOCAL_IDENTITY = { authid: 'junction', authrole: 'trusted', protocol: 'local' } as const;

/** URI of the error for an unknown realm (WAMP ABORT reason). */
export const NO_SUCH_REALM = ErrorUri.NO_SUCH_REALM;

class RouterCore implements Router {
  readonly defaultRealm: string;
  readonly limits: RouterLimits;
  readonly stats: RouterStats = { examined: 0, published: 0, delivered: 0, enqueued: 0 };
  readonly traffic = new RouterTraffic();
  readonly engine: Engine;
  readonly #context: RouterContext;
  readonly #fixed: ReadonlySet<string> | undefined;
  /** The default realm and the fixed list: never counted against `maxRealms`, never forgotten. */
  readonly #permanent: ReadonlySet<string>;
  readonly #realms = new Map<string, Realm>();
  readonly #locals = new Map<string, SessionHandle>();
  readonly #listeners = {
    join: new Set<(info: SessionInfo) => void>(),
    leave: new Set<(info: SessionInfo) => void>(),
  };

  constructor(options: RouterOptions) {
    // A fixed list means exactly those realms: without an explicit default, its first one is the default.
    this.defaultRealm = options.defaultRealm ?? options.realms?.[0] ?? 'realm1';
    this.limits = resolveLimits(options.limits);
    this.engine = options.engine ?? createMemoryEngine();
    const onError = options.onError ?? reportToConsole;
    this.#context = {
      limits: this.limits,
      stats: this.stats,
      traffic: this.traffic,
      nextSubscriptionId: createSequence(),
      nextRegistrationId: createSequence(),
      onError,
      events: createLifecycleEvents(onError),
      onEngineStatus: options.onEngineStatus ?? reportStatusToConsole,
      engine: this.engine,
      access: new AccessPolicy(options.access),
      ...(options.contracts !== undefined && { contracts: options.contracts }),
      ...(options.killSession !== undefined && { killSession: options.killSession }),
    };
    this.engine.attach(
      createEngineHost(
        this.#context,
        (name) => this.#realms.get(name),
        () => this.#realms.values(),
      ),
    );
    // The default realm always exists, even when it is not in the fixed list.
    this.#fixed = options.realms && new Set([...options.realms, this.defaultRealm]);
    this.#permanent = this.#fixed ?? new Set([this.defaultRealm]);
    for (const name of this.#permanent) this.#realm(name);
  }

  openSession(info: SessionInfo): SessionHandle {
    const realm = this.#realm(info.realm);
    if (realm.hasSession(info.id)) {
      throw new RouterError(ErrorUri.INVALID_ARGUMENT, `Session ${info.id} is already open on ${info.realm}`);
    }
    realm.addSession(info);
    this.#emit('join', info);
    return new RealmSession(realm, info, this.#context, false, this.#released);
  }

  /** Every client session's release, one function for all (issue 13: no closure per session). */
  readonly #released = (realm: Realm, info: SessionInfo): void => {
    realm.removeSession(info.id);
    this.#emit('leave', info);
    this.#collect(realm);
  };

  hasRealm(name: string): boolean {
    if (this.#fixed !== undefined) return this.#fixed.has(name);
    return this.#realms.has(name) || validateTopic(name) === undefined;
  }

  realm(name: string): RealmView | undefined {
    return this.#realms.get(name)?.view;
  }

  realmNames(): readonly string[] {
    return [...this.#realms.keys()];
  }

  async purgeQueue(realm: string, queue: string): Promise<number> {
    return (await this.#realms.get(realm)?.queues.purge(queue)) ?? 0;
  }

  sessions(realm: string): readonly SessionInfo[] | Promise<readonly SessionInfo[]> {
    if (this.engine.multiNode) return this.engine.sessions.list(realm);
    return this.#realms.get(realm)?.view.sessions() ?? [];
  }

  /** The handle finds its realm on each operation: a cached one never pins a forgotten realm. */
  local(name: string = this.defaultRealm): SessionHandle {
    const cached = this.#locals.get(name);
    if (cached !== undefined) return cached;
    if (!this.hasRealm(name)) throw new RouterError(NO_SUCH_REALM, `No such realm "${name}"`);
    const info: SessionInfo = { id: randomId(), realm: name, ...LOCAL_IDENTITY };
    const handle = new LocalHandle(info, {
      realm: () => this.#realm(name),
      open: (realm) => new RealmSession(realm, info, this.#context, true, releaseNothing),
      collect: (realm) => this.#collect(realm),
      released: () => {
        if (this.#locals.get(name) === handle) this.#locals.delete(name);
      },
    });
    this.#locals.set(name, handle);
    return handle;
  }

  on(event: SessionEvent, listener: (info: SessionInfo) => void): () => void {
    this.#listeners[event].add(listener);
    return () => this.off(event, listener);
  }

  off(event: SessionEvent, listener: (info: SessionInfo) => void): void {
    this.#listeners[event].delete(listener);
  }

  onSubscription(listener: (event: SubscriptionEvent) => void): () => void {
    return this.#context.events.subscriptions.on(listener);
  }

  onRegistration(listener: (event: RegistrationEvent) => void): () => void {
    return this.#context.events.registrations.on(listener);
  }

  /**
   * The realm, created on first use. Throws RouterError `wamp.error.no_such_realm` for an unknown
   * name in strict mode, an invalid one, or a new one while `maxRealms` auto-created realms exist.
   */
  #realm(name: string): Realm {
    const existing = this.#realms.get(name);
    if (existing !== undefined) return existing;
    if (!this.hasRealm(name)) throw new RouterError(NO_SUCH_REALM, `No such realm "${name}"`);
    const { maxRealms } = this.limits;
    if (!this.#permanent.has(name) && this.#realms.size - this.#permanent.size >= maxRealms) {
      throw new RouterError(NO_SUCH_REALM, `Limit maxRealms (${maxRealms}) reached: realm "${name}" not created`);
    }
    const created = new Realm(name, this.#context, () => this.#collect(created));
    this.#realms.set(name, created);
    return created;
  }

  /** Forgets an auto-created realm that holds nothing any more (its next use creates it again). */
  #collect(realm: Realm): void {
    if (this.#permanent.has(realm.name) || !realm.empty) return;
    if (this.#realms.get(realm.name) === realm) this.#realms.delete(realm.name);
  }

  #emit(event: SessionEvent, info: SessionInfo): void {
    for (const listener of [...this.#listeners[event]]) {
      try {
        listener(info);
      } catch (err) {
        this.#context.onError(err, { kind: 'event', realm: info.realm, name: event, sessionId: info.id });
      }
    }
  }
}

/** Router limits from partial options: unknown keys dropped, undefined values take the default. */
/** Local handles (trusted code) leave no trace in the realm when released. */
function releaseNothing(): void {}

function resolveLimits(limits: Partial<RouterLimits> = {}): RouterLimits {
  const pick = (key: keyof RouterLimits) => limits[key] ?? DEFAULT_LIMITS[key];
  return {
    maxQueueLength: pick('maxQueueLength'),
    maxSubscriptionsPerSession: pick('maxSubscriptionsPerSession'),
    maxRegistrationsPerSession: pick('maxRegistrationsPerSession'),
    maxPendingCallsPerSession: pick('maxPendingCallsPerSession'),
    maxRealms: pick('maxRealms'),
    maxQueuesPerRealm: pick('maxQueuesPerRealm'),
    maxQueuedBytes: pick('maxQueuedBytes'),
    queueMessageTtl: pick('queueMessageTtl'),
  };
}

/**
 * Creates a router: realms of topics, queues and procedures shared by every protocol.
 *
 * @example
 * const router = createRouter({ realms: ['realm1', 'admin'] });
 * const session = router.openSession({ id: 1, realm: 'realm1', authid: 'ann', authrole: 'user', protocol: 'wamp' });
 * session.subscribe('chat.#', { match: 'wildcard' }, (message) => console.log(message.args));
 * router.local().publish({ topic: 'chat.room1', args: ['hello'] });
 */
export function createRouter(options: RouterOptions = {}): Router {
  return new RouterCore(options);
}
