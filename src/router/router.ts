/**
 * The router: realms (auto-created, or a fixed list), session handles, the in-process `local`
 * handles, and session join/leave events for protocol meta APIs (WAMP `wamp.session.on_join`).
 */

import { createSequence, randomId } from '../common/ids.js';
import {
  DEFAULT_LIMITS,
  type EngineStatusHandler,
  type RouterContext,
  type RouterErrorHandler,
  reportStatusToConsole,
  reportToConsole,
} from './context.js';
import type { PayloadContracts } from './contract-hooks.js';
import { createEngineHost } from './engine-host.js';
import { createMemoryEngine } from './memory-engine.js';
import { validateTopic } from './patterns/topic-pattern.js';
import type { Engine } from './ports.js';
import { Realm } from './realm.js';
import { RealmSession } from './session-handle.js';
import { RouterTraffic } from './traffic.js';
import {
  ErrorUri,
  type RealmView,
  RouterError,
  type RouterLimits,
  type SessionHandle,
  type SessionInfo,
} from './types.js';

/** Session lifecycle events of a router. */
export type SessionEvent = 'join' | 'leave';

export interface RouterEvents {
  /** Listens to sessions joining or leaving (local handles excluded); returns the unsubscriber. */
  on(event: SessionEvent, listener: (info: SessionInfo) => void): () => void;
  off(event: SessionEvent, listener: (info: SessionInfo) => void): void;
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
  /** Payload contracts checked on publish and call (src/contracts/). Default: none. */
  readonly contracts?: PayloadContracts;
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
  /** Whether a realm exists or would be auto-created. */
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
  /** Subscriptions examined by the last publish on any realm (for the O(segments + matches) test). */
  readonly stats: { examined: number };
  /** The scale-out engine this router publishes through (the memory engine by default). */
  readonly engine: Engine;
  /** Publishes, deliveries and calls per protocol, and call durations (for metrics). */
  readonly traffic: RouterTraffic;
  /** The names of the realms that exist on this node. */
  realmNames(): string[];
}

/** The identity of in-process code using `router.local()`. */
export const LOCAL_IDENTITY = { authid: 'junction', authrole: 'trusted', protocol: 'local' } as const;

/** URI of the error for an unknown realm (WAMP ABORT reason). */
export const NO_SUCH_REALM = ErrorUri.NO_SUCH_REALM;

class RouterCore implements Router {
  readonly defaultRealm: string;
  readonly limits: RouterLimits;
  readonly stats = { examined: 0 };
  readonly traffic = new RouterTraffic();
  readonly engine: Engine;
  readonly #context: RouterContext;
  readonly #fixed: ReadonlySet<string> | undefined;
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
    this.#context = {
      limits: this.limits,
      stats: this.stats,
      traffic: this.traffic,
      nextSubscriptionId: createSequence(),
      nextRegistrationId: createSequence(),
      onError: options.onError ?? reportToConsole,
      onEngineStatus: options.onEngineStatus ?? reportStatusToConsole,
      engine: this.engine,
      ...(options.contracts !== undefined && { contracts: options.contracts }),
    };
    this.engine.attach(createEngineHost(this.#context, (name) => this.#realms.get(name)));
    // The default realm always exists, even when it is not in the fixed list.
    this.#fixed = options.realms && new Set([...options.realms, this.defaultRealm]);
    for (const name of this.#fixed ?? [this.defaultRealm]) this.#realm(name);
  }

  openSession(info: SessionInfo): SessionHandle {
    const realm = this.#realm(info.realm);
    if (realm.hasSession(info.id)) {
      throw new RouterError(ErrorUri.INVALID_ARGUMENT, `Session ${info.id} is already open on ${info.realm}`);
    }
    realm.addSession(info);
    this.#emit('join', info);
    return new RealmSession(realm, info, this.#context, false, () => {
      realm.removeSession(info.id);
      this.#emit('leave', info);
    });
  }

  hasRealm(name: string): boolean {
    if (this.#fixed !== undefined) return this.#fixed.has(name);
    return this.#realms.has(name) || validateTopic(name) === undefined;
  }

  realmNames(): string[] {
    return [...this.#realms.keys()];
  }

  realm(name: string): RealmView | undefined {
    return this.#realms.get(name)?.view;
  }

  sessions(realm: string): readonly SessionInfo[] | Promise<readonly SessionInfo[]> {
    if (this.engine.multiNode) return this.engine.sessions.list(realm);
    return this.#realms.get(realm)?.view.sessions() ?? [];
  }

  local(name: string = this.defaultRealm): SessionHandle {
    const cached = this.#locals.get(name);
    if (cached !== undefined) return cached;
    const realm = this.#realm(name);
    const info: SessionInfo = { id: randomId(), realm: name, ...LOCAL_IDENTITY };
    const handle = new RealmSession(realm, info, this.#context, true, () => {
      if (this.#locals.get(name) === handle) this.#locals.delete(name);
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

  /** The realm, created on first use. Throws RouterError `wamp.error.no_such_realm`. */
  #realm(name: string): Realm {
    let realm = this.#realms.get(name);
    if (realm !== undefined) return realm;
    if (!this.hasRealm(name)) throw new RouterError(NO_SUCH_REALM, `No such realm "${name}"`);
    realm = new Realm(name, this.#context);
    this.#realms.set(name, realm);
    return realm;
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
function resolveLimits(limits: Partial<RouterLimits> = {}): RouterLimits {
  const pick = (key: keyof RouterLimits) => limits[key] ?? DEFAULT_LIMITS[key];
  return {
    maxQueueLength: pick('maxQueueLength'),
    maxSubscriptionsPerSession: pick('maxSubscriptionsPerSession'),
    maxRegistrationsPerSession: pick('maxRegistrationsPerSession'),
    maxPendingCallsPerSession: pick('maxPendingCallsPerSession'),
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
