/**
 * The canonical topic grammar: dot-separated segments, like WAMP URIs (loose rules,
 * `^([^\s\.#]+\.)*([^\s\.#]+)$`), with `*` also reserved because STOMP/RabbitMQ patterns use it.
 * Validation returns an error message instead of throwing: it runs on every publish (aedes
 * `validateTopic` style).
 */
import type { MatchPolicy } from '../types.js';

/** Any whitespace, or a wildcard character, makes a topic invalid. */
const FORBIDDEN_IN_TOPIC = /[\s#*]/;
const WHITESPACE = /\s/;

/** Matches one segment in a wildcard pattern (WAMP also allows an empty segment: `a..c`). */
export const ONE_SEGMENT = '*';
/** Matches zero or more segments in a wildcard pattern (RabbitMQ topic exchange). */
export const ANY_SEGMENTS = '#';

const MATCH_POLICIES: ReadonlySet<unknown> = new Set(['exact', 'prefix', 'wildcard']);

/** Whether a value (from a client's options) names a match policy. */
export function isMatchPolicy(value: unknown): value is MatchPolicy {
  return MATCH_POLICIES.has(value);
}

/**
 * Namespaces only the broker publishes or registers in (DESIGN.md "Trust model"): WAMP meta
 * topics and procedures, and Junction's own (error URIs, protocols' internal reply topics).
 */
const RESERVED_PREFIXES: readonly string[] = ['wamp.', 'junction.'];

/** Whether a topic or procedure lies in a reserved namespace (`wamp.*`, `junction.*`). */
export function isReservedTopic(topic: string): boolean {
  return RESERVED_PREFIXES.some((prefix) => topic.startsWith(prefix));
}

/**
 * Whether a pattern entry gets a topic or call in a reserved namespace (`wamp.*` meta events and
 * procedures, `junction.*` reply paths): only exact entries and patterns that name the namespace
 * themselves, never a catch-all (a STOMP `/topic/#`, a JSON-RPC `""` prefix registration), which
 * would learn every session's ids or capture the broker's own calls.
 */
export function reachesReserved(pattern: string, match: MatchPolicy, reservedTarget: boolean): boolean {
  return !reservedTarget || match === 'exact' || isReservedTopic(pattern);
}

/** Returns why `topic` is not a valid published topic or procedure name, or undefined when it is. */
export function validateTopic(topic: string): string | undefined {
  if (typeof topic !== 'string' || topic.length === 0) return 'must be a non-empty string';
  if (FORBIDDEN_IN_TOPIC.test(topic)) return 'must not contain whitespace, "#" or "*"';
  // Empty segments: a leading or trailing dot, or two dots in a row.
  if (topic.charCodeAt(0) === 46 || topic.charCodeAt(topic.length - 1) === 46 || topic.includes('..')) {
    return 'must not contain empty segments';
  }
  return undefined;
}

/** Returns why `pattern` is not valid for the match policy, or undefined when it is. */
export function validatePattern(pattern: string, match: MatchPolicy): string | undefined {
  switch (match) {
    case 'exact':
      return validateTopic(pattern);
    case 'prefix':
      // WAMP prefix matching is a plain string prefix, so `com.app.` is a fine pattern.
      if (typeof pattern !== 'string' || pattern.length === 0) return 'must be a non-empty string';
      return FORBIDDEN_IN_TOPIC.test(pattern) ? 'must not contain whitespace, "#" or "*"' : undefined;
    case 'wildcard':
      return validateWildcard(pattern);
    default:
      return `unknown match policy ${String(match)}`;
  }
}

function validateWildcard(pattern: string): string | undefined {
  if (typeof pattern !== 'string' || pattern.length === 0) return 'must be a non-empty string';
  if (WHITESPACE.test(pattern)) return 'must not contain whitespace';
  for (const segment of pattern.split('.')) {
    if (segment === ONE_SEGMENT || segment === ANY_SEGMENTS) continue;
    if (segment.includes(ONE_SEGMENT) || segment.includes(ANY_SEGMENTS)) {
      return `"*" and "#" must be whole segments (got "${segment}")`;
    }
  }
  return undefined;
}

/** Whether a wildcard segment matches any topic segment (not a literal). */
export function isWildSegment(segment: string): boolean {
  return segment === '' || segment === ONE_SEGMENT || segment === ANY_SEGMENTS;
}

/** Number of literal segments of a wildcard pattern; more literals = more specific. */
export function literalSegments(pattern: string): number {
  let count = 0;
  for (const segment of pattern.split('.')) if (!isWildSegment(segment)) count++;
  return count;
}
