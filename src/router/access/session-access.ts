/**
 * One session's authorization decisions, cached: the hot path (a publish to a topic the session
 * used before) pays one map lookup, not a walk over the rules or a call of the `authorize` hook.
 */

import type { Action, MatchPolicy, SessionInfo } from '../types.js';
import { ErrorUri, RouterError } from '../types.js';
import type { AccessPolicy, Verdict } from './policy.js';

/**
 * Decisions kept per session. A client naming ever new URIs cannot grow it without bound: past
 * this many, the cache starts over (decisions are recomputed, never wrong).
 */
const MAX_CACHED_DECISIONS = 4096;

/**
 * Thrown by an operation whose decision the `authorize` hook has not given yet (it answered with a
 * promise). Its `uri` is `wamp.error.not_authorized`, so a plugin that ignores it refuses safely;
 * the built-in protocols wait for `decided` and try the same message again.
 */
export class AuthorizationPending extends RouterError {
  readonly decided: Promise<void>;
  constructor(action: Action, uri: string, decided: Promise<void>) {
    super(ErrorUri.NOT_AUTHORIZED, `authorization of ${action} on ${uri} is pending`, { kwargs: { action, uri } });
    this.name = 'AuthorizationPending';
    this.decided = decided;
    // A plugin that treats this as a plain refusal never awaits `decided`: its rejection (the hook
    // refused) must not surface as an unhandled rejection. Awaiting it still sees the refusal.
    decided.catch(() => {});
  }
}

/** The refusal every protocol renders in its own words: STOMP ERROR, WAMP ERROR, JSON-RPC -32005 `{ action, uri }`. */
export function notAuthorized(action: Action, uri: string, why: string): RouterError {
  return new RouterError(ErrorUri.NOT_AUTHORIZED, `not authorized to ${action} ${uri} (${why})`, {
    kwargs: { action, uri },
  });
}

export class SessionAccess {
  readonly #policy: AccessPolicy;
  readonly #session: SessionInfo;
  /** Key `action match uri` → the verdict, or the promise of the hook's; made at the first decision worth keeping. */
  #decisions: Map<string, Verdict | Promise<Verdict>> | undefined;

  constructor(policy: AccessPolicy, session: SessionInfo) {
    this.#policy = policy;
    this.#session = session;
  }

  /** Throws the refusal, or AuthorizationPending while the hook has not answered; returns when allowed. */
  require(action: Action, uri: string, match: MatchPolicy): void {
    const verdict = this.#decision(action, uri, match);
    if (verdict === undefined) return;
    if (typeof verdict === 'string') throw notAuthorized(action, uri, verdict);
    throw new AuthorizationPending(action, uri, settle(verdict, action, uri));
  }

  /** As `require`, but waits for a pending decision: undefined when allowed now, else a promise that rejects when refused. */
  authorize(action: Action, uri: string, match: MatchPolicy): undefined | Promise<void> {
    const verdict = this.#decision(action, uri, match);
    if (verdict === undefined) return undefined;
    if (typeof verdict === 'string') throw notAuthorized(action, uri, verdict);
    return settle(verdict, action, uri);
  }

  #decision(action: Action, uri: string, match: MatchPolicy): Verdict | Promise<Verdict> {
    // Without rules or a hook only the invariants decide, a few string checks: cheaper than a
    // cache, which an idle session would otherwise hold (issue 13).
    if (this.#policy.open) return this.#policy.decide(this.#session, action, uri, match);
    this.#decisions ??= new Map();
    const decisions = this.#decisions;
    const key = `${action} ${match} ${uri}`;
    if (decisions.has(key)) return decisions.get(key);
    const verdict = this.#policy.decide(this.#session, action, uri, match);
    if (decisions.size >= MAX_CACHED_DECISIONS) decisions.clear();
    decisions.set(key, verdict);
    // Once the hook answered, later checks read the verdict itself, synchronously.
    if (verdict instanceof Promise) verdict.then((settled) => decisions.set(key, settled));
    return verdict;
  }
}

async function settle(verdict: Promise<Verdict>, action: Action, uri: string): Promise<void> {
  const why = await verdict;
  if (why !== undefined) throw notAuthorized(action, uri, why);
}
