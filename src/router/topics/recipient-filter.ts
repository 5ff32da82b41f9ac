/**
 * Publish filters (WAMP Advanced Profile, subscriber black- and whitelisting): `exclude` drops a
 * session matching any listed criterion; `eligible` keeps only sessions matching every one.
 */
import type { PublishOptions, SessionFilter, SessionInfo } from '../types.js';

interface CompiledFilter {
  readonly ids?: ReadonlySet<number>;
  readonly authids?: ReadonlySet<string>;
  readonly authroles?: ReadonlySet<string>;
}

/** Decides per receiving session whether a publish reaches it. */
export type RecipientFilter = (session: SessionInfo) => boolean;

function compile(filter: SessionFilter): CompiledFilter {
  return {
    ...(filter.sessionIds && { ids: new Set(filter.sessionIds) }),
    ...(filter.authids && { authids: new Set(filter.authids) }),
    ...(filter.authroles && { authroles: new Set(filter.authroles) }),
  };
}

function matchesAny(f: CompiledFilter, s: SessionInfo): boolean {
  return (f.ids?.has(s.id) ?? false) || (f.authids?.has(s.authid) ?? false) || (f.authroles?.has(s.authrole) ?? false);
}

function matchesEvery(f: CompiledFilter, s: SessionInfo): boolean {
  return (f.ids?.has(s.id) ?? true) && (f.authids?.has(s.authid) ?? true) && (f.authroles?.has(s.authrole) ?? true);
}

/**
 * Compiles publish options once per publish into one predicate, or undefined when every
 * subscriber receives the message (the common case costs nothing per subscriber).
 */
export function recipientFilter(options: PublishOptions, publisherId: number): RecipientFilter | undefined {
  const excludeSelf = options.excludePublisher === true;
  const exclude = options.exclude && compile(options.exclude);
  const eligible = options.eligible && compile(options.eligible);
  if (!excludeSelf && !exclude && !eligible) return undefined;
  return (s) =>
    !(excludeSelf && s.id === publisherId) &&
    !(exclude && matchesAny(exclude, s)) &&
    (!eligible || matchesEvery(eligible, s));
}
