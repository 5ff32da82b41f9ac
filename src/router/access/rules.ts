/**
 * Permission rules: which URIs a rule names and whether it covers every URI a client's pattern can
 * reach. A pattern subscription or registration is allowed only when one rule covers all of it, so
 * a client never gets more than the rules grant (a union of rules is not searched: refusing a
 * pattern two rules would only cover together is the safe side, and the client can split it).
 */
import { ANY_SEGMENTS, isWildSegment } from '../patterns/topic-pattern.js';
import type { Action, MatchPolicy } from '../types.js';

export const ACTIONS: readonly Action[] = ['publish', 'subscribe', 'call', 'register'];

/** One permission: a role (and optionally one realm) may do `allow` on the URIs `uri`/`match` names. */
export interface PermissionRule {
  readonly role: string;
  /** Only in this realm; absent: every realm. */
  readonly realm?: string;
  /** Router form (dots): STOMP `/topic/a.b` and `/queue/a.b` are `a.b`. `""` with `prefix` is every URI. */
  readonly uri: string;
  /** How `uri` matches; default 'exact'. Wildcards: `*` (or an empty segment) one segment, `#` any number. */
  readonly match?: MatchPolicy;
  readonly allow: readonly Action[];
}

/** Whether `rule` covers every URI that `pattern` under `match` can reach (an exact URI is a pattern of one). */
export function ruleCovers(rule: PermissionRule, pattern: string, match: MatchPolicy): boolean {
  const ruleMatch = rule.match ?? 'exact';
  if (ruleMatch === 'prefix') return literalHead(pattern, match).startsWith(rule.uri);
  const ruleSegments = rule.uri.split('.');
  if (ruleMatch === 'exact') return match !== 'prefix' && pattern === rule.uri && !hasWildSegment(pattern, match);
  if (match === 'prefix') return prefixWithin(ruleSegments, pattern);
  return includes(ruleSegments, pattern.split('.'), match === 'wildcard');
}

/**
 * The text every URI reached by the pattern starts with: the pattern itself for exact and prefix,
 * the literal segments before the first wildcard for a wildcard pattern (with its dot when the
 * wildcard stands for exactly one segment; `#` may stand for none, so `a.#` reaches `a`).
 */
function literalHead(pattern: string, match: MatchPolicy): string {
  if (match !== 'wildcard') return pattern;
  const segments = pattern.split('.');
  const first = segments.findIndex(isWildSegment);
  if (first === -1) return pattern;
  const head = segments.slice(0, first).join('.');
  if (first === 0) return '';
  return segments[first] === ANY_SEGMENTS ? head : `${head}.`;
}

function hasWildSegment(pattern: string, match: MatchPolicy): boolean {
  return match === 'wildcard' && pattern.split('.').some(isWildSegment);
}

/**
 * A wildcard rule covers a prefix pattern only as `<literals>.#` does: every URI starting with
 * `<literals>.` matches it, and the pattern's URIs all start with that text.
 */
function prefixWithin(ruleSegments: readonly string[], prefix: string): boolean {
  if (ruleSegments[ruleSegments.length - 1] !== ANY_SEGMENTS) return false;
  const literals = ruleSegments.slice(0, -1);
  if (literals.some(isWildSegment)) return false;
  const head = literals.length === 0 ? '' : `${literals.join('.')}.`;
  return prefix.startsWith(head);
}

/**
 * Whether every segment sequence matched by `inner` is matched by `outer` (segment patterns: a
 * literal, `*`/`` one segment, `#` any number). Literal-only `inner` is an exact URI.
 */
function includes(outer: readonly string[], inner: readonly string[], innerWild: boolean): boolean {
  const memo = new Map<number, boolean>();
  const step = (i: number, j: number): boolean => {
    const key = i * (inner.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === outer.length) result = j === inner.length;
    else {
      const o = outer[i] as string;
      const n = inner[j];
      if (o === ANY_SEGMENTS) result = step(i + 1, j) || (j < inner.length && step(i, j + 1));
      else if (n === undefined) result = false;
      else if (innerWild && n === ANY_SEGMENTS) result = false;
      else if (isWildSegment(o)) result = step(i + 1, j + 1);
      else result = !(innerWild && isWildSegment(n)) && o === n && step(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return step(0, 0);
}
