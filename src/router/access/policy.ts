/**
 * The one authorization decision of the router (issue 11): the invariants that hold whatever the
 * configuration says, then the permission rules, then the operator's `authorize` hook. Every
 * protocol's sessions reach it through their SessionHandle, so STOMP, WAMP, JSON-RPC and plugins
 * are refused by the same rules. In-process handles (`router.local`, a plugin's `broker`) are
 * trusted code and never asked.
 */
import { isReservedTopic } from '../patterns/topic-pattern.js';
import type { Action, MatchPolicy, SessionInfo } from '../types.js';
import { type PermissionRule, ruleCovers } from './rules.js';

/** Router topics of reply paths: a name with 128 random bits is the capability to reply. */
export const REPLY_PATH_PREFIX = 'junction.reply.';

/** `junction.reply.` and 16 random bytes in lower-case hex (SessionHandle.replyPath names them so): a valid strict WAMP URI. */
const REPLY_PATH = /^junction\.reply\.[0-9a-f]{32}$/;

/** Whether a topic is shaped like a reply path; anything else in `junction.` stays reserved. */
export function isReplyPath(topic: string): boolean {
  return REPLY_PATH.test(topic);
}

/** What the `authorize` hook is asked. `uri` is in router form; `match` is how the client's pattern matches. */
export interface AccessRequest {
  readonly session: SessionInfo;
  readonly realm: string;
  readonly action: Action;
  readonly uri: string;
  readonly match: MatchPolicy;
}

/**
 * A dynamic authorizer (Crossbar's, RabbitMQ's HTTP backend): true allows. It is asked only what
 * the invariants and the rules allowed, so it can narrow them, never widen them. Its answers are
 * cached per session, action, match and URI.
 */
export type Authorizer = (request: AccessRequest) => boolean | Promise<boolean>;

export interface AccessOptions {
  /** Absent: every role may do everything (the invariants still hold). */
  readonly permissions?: readonly PermissionRule[];
  readonly authorize?: Authorizer;
  /** How long a promise from `authorize` may take before the request is refused, in ms. Default 10 s. */
  readonly authorizeTimeout?: number;
  /** Roles that may use the meta procedures that reveal other sessions when no permissions are set. Default ['admin']. */
  readonly adminRoles?: readonly string[];
}

/** Why a request was refused, for the refusal's message; undefined when allowed. */
export type Verdict = string | undefined;

export class AccessPolicy {
  readonly #rules: readonly PermissionRule[] | undefined;
  readonly #authorize: Authorizer | undefined;
  readonly #timeout: number;
  readonly #adminRoles: ReadonlySet<string>;

  constructor(options: AccessOptions = {}) {
    this.#rules = options.permissions;
    this.#authorize = options.authorize;
    this.#timeout = options.authorizeTimeout ?? 10_000;
    this.#adminRoles = new Set(options.adminRoles ?? ['admin']);
  }

  /** Whether decisions can only come from the invariants (no rules, no hook): nothing worth caching. */
  get open(): boolean {
    return this.#rules === undefined && this.#authorize === undefined;
  }

  /** The decision: a verdict now, or a promise of one while the `authorize` hook thinks. */
  decide(session: SessionInfo, action: Action, uri: string, match: MatchPolicy): Verdict | Promise<Verdict> {
    // A reply path's name is its own capability: whoever learned it (the receivers of the request
    // that carried it) may answer through it, whatever the rules say.
    if (action === 'publish' && match === 'exact' && isReplyPath(uri)) return undefined;
    const refused = this.#invariant(session, action, uri, match) ?? this.#byRules(session, action, uri, match);
    if (refused !== undefined || this.#authorize === undefined) return refused;
    const answer = this.#authorize({ session, realm: session.realm, action, uri, match });
    if (answer instanceof Promise) return this.#settled(answer);
    return answer === true ? undefined : 'refused by the authorizer';
  }

  /** A hook that never answers must not hold a session's messages forever: past the timeout it refuses. */
  #settled(answer: Promise<boolean>): Promise<Verdict> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<Verdict>((resolve) => {
      timer = setTimeout(() => resolve('the authorizer did not answer in time'), this.#timeout);
      timer.unref();
    });
    const decided = answer.then(
      (allowed) => (allowed === true ? undefined : 'refused by the authorizer'),
      () => 'the authorizer failed',
    );
    return Promise.race([decided, late]).finally(() => clearTimeout(timer));
  }

  /** Always on (issue 11, point 2): reserved namespaces, reply paths, meta procedures. */
  #invariant(session: SessionInfo, action: Action, uri: string, match: MatchPolicy): Verdict {
    switch (action) {
      case 'publish':
        return isReservedTopic(uri) ? 'reserved namespace' : undefined;
      case 'register':
        return namesReserved(uri) ? 'reserved namespace' : undefined;
      case 'subscribe':
        // Reply paths are subscribed by their owner's handle only (SessionHandle.replyPath).
        return reachesReplyPaths(uri, match) ? 'reply paths are private' : undefined;
      case 'call':
        if (this.#rules === undefined && revealsSessions(uri) && !this.#adminRoles.has(session.authrole)) {
          return 'meta procedure for admin roles only';
        }
        return undefined;
      default:
        return 'unknown action';
    }
  }

  #byRules(session: SessionInfo, action: Action, uri: string, match: MatchPolicy): Verdict {
    const rules = this.#rules;
    if (rules === undefined) return undefined;
    for (const rule of rules) {
      if (rule.role !== session.authrole) continue;
      if (rule.realm !== undefined && rule.realm !== session.realm) continue;
      if (rule.allow.includes(action) && ruleCovers(rule, uri, match)) return undefined;
    }
    return 'no permission';
  }
}

/**
 * Whether a client's pattern names a reserved namespace. A pattern that does not (`""` prefix, `#`,
 * `*.session.list`) never reaches one: the router routes reserved topics and calls only to
 * patterns that name the namespace themselves (`reachesReserved` in patterns/topic-pattern.ts).
 */
function namesReserved(pattern: string): boolean {
  return isReservedTopic(pattern);
}

/** `junction.reply.<id>` itself, or a pattern in `junction.` (`junction.#`, `junction.reply.*`) that reaches them all. */
function reachesReplyPaths(pattern: string, match: MatchPolicy): boolean {
  if (pattern.startsWith(REPLY_PATH_PREFIX)) return true;
  return match !== 'exact' && pattern.startsWith('junction.');
}

/** Meta procedures that list or describe other sessions (`wamp.session.count` stays public). */
function revealsSessions(uri: string): boolean {
  return (
    uri === 'wamp.session.list' ||
    uri === 'wamp.session.get' ||
    uri.startsWith('wamp.subscription.') ||
    uri.startsWith('wamp.registration.')
  );
}
