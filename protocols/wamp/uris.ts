/** WAMP URIs: validation (WAMP BB L37-78) and the error and close reasons Junction sends. */
import { ErrorUri } from '../../src/plugin/index.js';

/**
 * Error and close reason URIs (WAMP basic and advanced URI tables): the router's come from the one
 * error table (ErrorUri); the session, authentication and close reasons are WAMP's own.
 */
export const WampUri = {
  ...ErrorUri,
  PROTOCOL_VIOLATION: 'wamp.error.protocol_violation',
  NO_SUCH_SESSION: 'wamp.error.no_such_session',
  AUTHENTICATION_FAILED: 'wamp.error.authentication_failed',
  NO_MATCHING_AUTH_METHOD: 'wamp.error.no_matching_auth_method',
  FEATURE_NOT_SUPPORTED: 'wamp.error.feature_not_supported',
  GOODBYE_AND_OUT: 'wamp.close.goodbye_and_out',
  CLOSE_NORMAL: 'wamp.close.normal',
  SYSTEM_SHUTDOWN: 'wamp.close.system_shutdown',
  KILLED: 'wamp.close.killed',
  // WAMP defines no close reason for expired credentials, and the `wamp.` prefix is the spec's
  // (BB L78): the broker's own reason, in its `junction.` namespace as its error URIs are.
  // Unlike `wamp.close.killed`, it tells a client that re-authenticating will let it back in.
  TOKEN_EXPIRED: 'junction.close.token_expired',
  /** The broker's own: the session stayed over its inbound rate for `rateLimitGrace`. */
  RATE_LIMITED: 'junction.close.rate_limited',
} as const;

const LOOSE = /^([^\s.#]+\.)*([^\s.#]+)$/;
const STRICT = /^([0-9a-z_]+\.)*([0-9a-z_]+)$/;
// Patterns may have empty components (wildcard) or end in a partial component (prefix).
const LOOSE_PATTERN = /^(([^\s.#]*)\.)*([^\s.#]*)$/;
const STRICT_PATTERN = /^(([0-9a-z_]*)\.)*([0-9a-z_]*)$/;

/** Whether `uri` is valid for the match policy under loose or strict rules. */
export function isValidUri(uri: string, match: 'exact' | 'prefix' | 'wildcard', strict: boolean): boolean {
  if (match === 'exact') return (strict ? STRICT : LOOSE).test(uri);
  return uri.length > 0 && (strict ? STRICT_PATTERN : LOOSE_PATTERN).test(uri);
}

/** Applications must not use the reserved `wamp.` prefix (WAMP BB L78). */
export function isReserved(uri: string): boolean {
  return uri.startsWith('wamp.');
}
