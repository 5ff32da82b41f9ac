/**
 * The WAMP meta API (Advanced Profile, session/subscription/registration meta API): answered by
 * the plugin itself from the router's realm views, so it sees every protocol's sessions, and
 * knows the calling session (for `wamp.session.kill`, limited to admin roles, and its testaments).
 * Publishes the session, subscription and registration meta events (lifecycle-meta.ts).
 */
import {
  type CallPayload,
  type PluginContext,
  type RealmView,
  RouterError,
  type SessionInfo,
} from '../../src/plugin/index.js';
import { publishLifecycleEvents } from './lifecycle-meta.js';
import type { Dict } from './messages.js';
import type { ResolvedWampOptions } from './options.js';
import { answerSessionMeta, isSessionProcedure, sessionDetails } from './session-meta.js';
import type { Testaments } from './testaments.js';
import { WampUri } from './uris.js';

/** A WAMP session as the meta API knows it: it can end it (`wamp.session.kill`) and keeps its testaments. */
export interface MetaSession {
  readonly sessionId: number;
  readonly realm: string;
  readonly testaments: Testaments;
  kill(reason: string, message: string): void;
}

type MetaHandler = (view: RealmView, args: readonly unknown[], caller: SessionInfo) => unknown;

function byMatch<T extends { id: number; match: string }>(items: readonly T[]): Record<string, number[]> {
  const lists: Record<string, number[]> = { exact: [], prefix: [], wildcard: [] };
  for (const item of items) lists[item.match]?.push(item.id);
  return lists;
}

function found<T>(item: T | undefined, uri: string): T {
  if (item === undefined) throw new RouterError(uri, uri);
  return item;
}

function lookupOptions(args: readonly unknown[]): string {
  const options = args[1] as { match?: unknown } | undefined;
  return typeof options?.match === 'string' ? options.match : 'exact';
}

const subscription = (view: RealmView, id: unknown) =>
  found(
    view.subscriptions().find((s) => s.id === id),
    WampUri.NO_SUCH_SUBSCRIPTION,
  );
const registration = (view: RealmView, id: unknown) =>
  found(
    view.registrations().find((r) => r.id === id),
    WampUri.NO_SUCH_REGISTRATION,
  );

const HANDLERS: Readonly<Record<string, MetaHandler>> = {
  'wamp.subscription.list': (view) => byMatch(view.subscriptions()),
  'wamp.subscription.lookup': (view, args) =>
    view.subscriptions().find((s) => s.pattern === args[0] && s.match === lookupOptions(args))?.id ?? null,
  'wamp.subscription.match': (view, args) => {
    const ids = typeof args[0] === 'string' ? view.matchSubscriptions(args[0]).map((s) => s.id) : [];
    return ids.length > 0 ? ids : null;
  },
  'wamp.subscription.get': (view, args) => {
    const { id, pattern, match, created } = subscription(view, args[0]);
    return { id, uri: pattern, match, created };
  },
  'wamp.subscription.list_subscribers': (view, args) => [...subscription(view, args[0]).subscribers],
  'wamp.subscription.count_subscribers': (view, args) => subscription(view, args[0]).subscribers.length,
  'wamp.registration.list': (view) => byMatch(view.registrations()),
  'wamp.registration.lookup': (view, args) =>
    view.registrations().find((r) => r.procedure === args[0] && r.match === lookupOptions(args))?.id ?? null,
  'wamp.registration.match': (view, args) =>
    (typeof args[0] === 'string' ? view.matchRegistration(args[0])?.id : undefined) ?? null,
  'wamp.registration.get': (view, args) => {
    const { id, procedure, match, invoke, created } = registration(view, args[0]);
    return { id, uri: procedure, match, invoke, created };
  },
  'wamp.registration.list_callees': (view, args) => [...registration(view, args[0]).callees],
  'wamp.registration.count_callees': (view, args) => registration(view, args[0]).callees.length,
};

export class MetaApi {
  readonly #context: PluginContext;
  readonly #options: ResolvedWampOptions;
  readonly #sessions = new Map<number, MetaSession>();

  constructor(context: PluginContext, options: ResolvedWampOptions) {
    this.#context = context;
    this.#options = options;
    // wamp.session.on_join / on_leave for every session of the realm, whatever its protocol.
    context.onSession('join', (info) => this.#announce(info, 'wamp.session.on_join', [sessionDetails(info)]));
    context.onSession('leave', (info) =>
      this.#announce(info, 'wamp.session.on_leave', [info.id, info.authid, info.authrole]),
    );
    publishLifecycleEvents(context, context.log);
  }

  attach(session: MetaSession): void {
    this.#sessions.set(session.sessionId, session);
  }

  /** The session left (GOODBYE, kill, a dropped connection): its testaments are published, once. */
  detach(session: MetaSession): void {
    if (this.#sessions.get(session.sessionId) !== session) return;
    this.#sessions.delete(session.sessionId);
    const { realm } = session;
    session.testaments.fire((input, options) => {
      try {
        this.#context.broker(realm).publish(input, options);
      } catch (err) {
        this.#context.log.warn({ err, topic: input.topic }, 'testament not published');
      }
    });
  }

  /** Whether `procedure` is a meta procedure answered here (asked before `call`, to authorize it first). */
  answers(procedure: string): boolean {
    return (
      procedure === 'wamp.session.kill' ||
      procedure === 'wamp.session.add_testament' ||
      procedure === 'wamp.session.flush_testaments' ||
      isSessionProcedure(procedure) ||
      Object.hasOwn(HANDLERS, procedure)
    );
  }

  /**
   * Answers a meta procedure; undefined when `procedure` is not one (route it normally). The
   * session procedures answer with a promise when they have to ask the other nodes.
   */
  call(procedure: string, caller: SessionInfo, payload: CallPayload): CallPayload | Promise<CallPayload> | undefined {
    const args = payload.args ?? [];
    if (procedure === 'wamp.session.kill') return this.#kill(caller, args, payload.kwargs ?? {});
    if (procedure === 'wamp.session.add_testament' || procedure === 'wamp.session.flush_testaments') {
      return this.#testament(procedure, caller, args, (payload.kwargs ?? {}) as Dict);
    }
    const view = this.#context.realm(caller.realm);
    if (view === undefined) return undefined;
    if (isSessionProcedure(procedure)) {
      const everywhere = () => this.#context.sessions(caller.realm);
      const answer = answerSessionMeta(procedure, args, view.sessions(), everywhere);
      return answer instanceof Promise ? answer.then((value) => ({ args: [value] })) : { args: [answer] };
    }
    const handler = HANDLERS[procedure];
    return handler === undefined ? undefined : { args: [handler(view, args, caller)] };
  }

  #kill(caller: SessionInfo, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): CallPayload {
    if (!this.#options.adminRoles.includes(caller.authrole)) {
      throw new RouterError(WampUri.NOT_AUTHORIZED, 'wamp.session.kill needs an admin role');
    }
    const target = this.#sessions.get(args[0] as number);
    if (target === undefined || target.realm !== caller.realm || target === this.#sessions.get(caller.id))
      throw new RouterError(WampUri.NO_SUCH_SESSION, 'no such session');
    const reason = typeof kwargs.reason === 'string' ? kwargs.reason : WampUri.KILLED;
    target.kill(reason, typeof kwargs.message === 'string' ? kwargs.message : 'killed by an administrator');
    return {};
  }

  #testament(procedure: string, caller: SessionInfo, args: readonly unknown[], kwargs: Dict): CallPayload {
    const testaments = this.#sessions.get(caller.id)?.testaments;
    if (testaments === undefined) throw new RouterError(WampUri.NO_SUCH_SESSION, 'no such session');
    if (procedure === 'wamp.session.flush_testaments') return { args: [testaments.flush(args, kwargs)] };
    testaments.add(args, kwargs);
    return {};
  }

  #announce(info: SessionInfo, topic: string, args: unknown[]): void {
    if (this.#context.realm(info.realm) === undefined) return;
    this.#context.broker(info.realm).publish({ topic, args });
  }
}
