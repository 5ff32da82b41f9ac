/**
 * The WAMP meta API (Advanced Profile, session/subscription/registration meta API): answered by
 * the plugin itself from the router's realm views, so it sees every protocol's sessions, and
 * knows the calling session (for `wamp.session.kill`, limited to admin roles).
 */
import {
  type CallPayload,
  type PluginContext,
  type RealmView,
  RouterError,
  type SessionInfo,
} from '../../src/plugin/index.js';
import type { ResolvedWampOptions } from './options.js';
import { answerSessionMeta, isSessionProcedure, sessionDetails } from './session-meta.js';
import { WampUri } from './uris.js';

/** A WAMP session the meta API can end (`wamp.session.kill`). */
export interface Killable {
  readonly sessionId: number;
  readonly realm: string;
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
  readonly #sessions = new Map<number, Killable>();

  constructor(context: PluginContext, options: ResolvedWampOptions) {
    this.#context = context;
    this.#options = options;
    // wamp.session.on_join / on_leave for every session of the realm, whatever its protocol.
    context.onSession('join', (info) => this.#announce(info, 'wamp.session.on_join', [sessionDetails(info)]));
    context.onSession('leave', (info) =>
      this.#announce(info, 'wamp.session.on_leave', [info.id, info.authid, info.authrole]),
    );
  }

  attach(session: Killable): void {
    this.#sessions.set(session.sessionId, session);
  }

  detach(session: Killable): void {
    this.#sessions.delete(session.sessionId);
  }

  /**
   * Answers a meta procedure; undefined when `procedure` is not one (route it normally). The
   * session procedures answer with a promise when they have to ask the other nodes.
   */
  call(procedure: string, caller: SessionInfo, payload: CallPayload): CallPayload | Promise<CallPayload> | undefined {
    const args = payload.args ?? [];
    if (procedure === 'wamp.session.kill') return this.#kill(caller, args, payload.kwargs ?? {});
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

  #announce(info: SessionInfo, topic: string, args: unknown[]): void {
    if (this.#context.realm(info.realm) === undefined) return;
    this.#context.broker(info.realm).publish({ topic, args });
  }
}
