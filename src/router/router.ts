/**
 * The router: realms (auto-created, or a fixed list), session handles, the in-process `local`
 * handles, and session join/leave events for protocol meta APIs (WAMP `wamp.session.on_join`).
 */
import type { Engine } from '../cluster/engine.js';
import { createMemoryEngine } from '../cluster/memory-engine.js';
import { createSequence, randomId } from '../ids.js';
import { createEngineHost } from './engine-host.js';
import { DEFAULT_LIMITS, type JunctionRouterOptions, type RouterContext, reportToConsole } from './options.js';
import { type JunctionRealmView, Realm } from './realm.js';
import { RealmSessionRouter } from './session-router.js';
import { validateTopic } from './topic-pattern.js';
import {
  ErrorUri,
  type Router,
  RouterError,
  type RouterLimits,
  type SessionInfo,
  type SessionRouter,
} from './types.js';

/** Session lifecycle events of a router. */
export type SessionEvent = 'join' | 'leave';

export interface RouterEvents {
  /** Listens to sessions joining or leaving (local handles excluded); returns the unsubscriber. */
  on(event: SessionEvent, listener: (info: SessionInfo) => void): () => void;
  off(event: SessionEvent, listener: (info: SessionInfo) => void): void;
}

/** What `createRouter` returns: the contract's Router, session events, and queue views. */
export interface JunctionRouter extends Router, RouterEvents {
  realm(name: string): JunctionRealmView | undefined;
  /** The scale-out engine this router publishes through (the memory engine by default). */
  readonly engine: Engine;
}

/** The identity of in-process code using `router.local()`. */
export const LOCAL_IDENTITY = { authid: 'junction', authrole: 'trusted', protocol: 'local' } as const;

/** URI of the error for an unknown realm (WAMP ABORT reason). */
export const NO_SUCH_REALM = ErrorUri.NO_SUCH_REALM;

class RealmRouter implements JunctionRouter {
  readonly defaultRealm: string;
  readonly limits: RouterLimits;
  readonly stats = { examined: 0 };
  readonly engine: Engine;
  readonly #context: RouterContext;
  readonly #fixed: ReadonlySet<string> | undefined;
  readonly #realms = new Map<string, Realm>();
  readonly #locals = new Map<string, SessionRouter>();
  readonly #listeners = {
    join: new Set<(info: SessionInfo) => void>(),
    leave: new Set<(info: SessionInfo) => void>(),
  };

  constructor(options: JunctionRouterOptions) {
    // A fixed list means exactly those realms: without an explicit default, its first one is the default.
    this.defaultRealm = options.defaultRealm ?? options.realms?.[0] ?? 'realm1';
    this.limits = resolveLimits(options.limits);
    this.engine = options.engine ?? createMemoryEngine();
    this.#context = {
      limits: this.limits,
      stats: this.stats,
      nextSubscriptionId: createSequence(),
      nextRegistrationId: createSequence(),
      onError: options.onError ?? reportToConsole,
      engine: this.engine,
      ...(options.contracts !== undefined && { contracts: options.contracts }),
    };
    this.engine.attach(createEngineHost(this.#context, (name) => this.#realms.get(name)));
    // The default realm always exists, even when it is not in the fixed list.
    this.#fixed = options.realms && new Set([...options.realms, this.defaultRealm]);
    for (const name of this.#fixed ?? [this.defaultRealm]) this.#realm(name);
  }

  openSession(info: SessionInfo): SessionRouter {
    const realm = this.#realm(info.realm);
    if (realm.hasSession(info.id)) {
      throw new RouterError(ErrorUri.INVALID_ARGUMENT, `Session ${info.id} is already open on ${info.realm}`);
    }
    realm.addSession(info);
    this.#emit('join', info);
    return new RealmSessionRouter(realm, info, this.#context, false, () => {
      realm.removeSession(info.id);
      this.#emit('leave', info);
    });
  }

  hasRealm(name: string): boolean {
    if (this.#fixed !== undefined) return this.#fixed.has(name);
    return this.#realms.has(name) || validateTopic(name) === undefined;
  }

  realm(name: string): JunctionRealmView | undefined {
    return this.#realms.get(name)?.view;
  }

  local(name: string = this.defaultRealm): SessionRouter {
    const cached = this.#locals.get(name);
    if (cached !== undefined) return cached;
    const realm = this.#realm(name);
    const info: SessionInfo = { id: randomId(), realm: name, ...LOCAL_IDENTITY };
    const handle = new RealmSessionRouter(realm, info, this.#context, true, () => {
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
export function createRouter(options: JunctionRouterOptions = {}): JunctionRouter {
  return new RealmRouter(options);
}
