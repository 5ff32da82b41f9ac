/**
 * The broker's own error codes (fastify's table): handshake, session, plugin registration,
 * authentication, contracts and engine. Each pairs its code with the HTTP status it implies at the
 * handshake or the WebSocket close code it implies on an open connection (ws's pairing).
 */
import type { CoreErrorSpec, RenderedErrorSpec } from './spec.js';

/** Refusals before the 101: the HTTP status is the whole answer (no protocol is chosen yet). */
const handshake = {
  JNC_ERR_NEGOTIATION_MALFORMED: { message: 'Malformed Sec-WebSocket-Protocol header: %s', httpStatus: 400 },
  JNC_ERR_NEGOTIATION_NO_MATCH: {
    message: 'No supported subprotocol offered; supported: %s',
    httpStatus: 400,
  },
  JNC_ERR_NEGOTIATION_NO_FALLBACK: { message: 'A subprotocol is required; supported: %s', httpStatus: 400 },
  JNC_ERR_HANDSHAKE_ORIGIN: { message: 'Origin %s is not allowed', httpStatus: 403 },
  JNC_ERR_HANDSHAKE_UNAUTHORIZED: { message: 'Authentication failed: %s', httpStatus: 401 },
  JNC_ERR_HANDSHAKE_UNAVAILABLE: { message: 'Broker is not accepting connections: %s', httpStatus: 503 },
} as const satisfies Record<string, CoreErrorSpec>;

/** The core closes an open connection with these (RFC 6455 §7.4.1 close codes). */
const session = {
  JNC_ERR_LOGIN_TIMEOUT: { message: 'login timeout', closeCode: 1008 },
  /** The identity's `expiresAt` passed (a JWT's `exp`): the protocol says goodbye, then this close. */
  JNC_ERR_AUTH_EXPIRED: { message: 'token expired', closeCode: 1008 },
  JNC_ERR_SLOW_CONSUMER: { message: 'slow consumer', closeCode: 1008 },
  JNC_ERR_RATE_LIMITED: { message: 'rate limit exceeded', closeCode: 1008 },
  JNC_ERR_SESSION_CRASHED: { message: 'Internal error in %s session', closeCode: 1011 },
} as const satisfies Record<string, CoreErrorSpec>;

/** Programmer and configuration errors, thrown at registration time: no status, no close code. */
const registration = {
  JNC_ERR_PLUGIN_INVALID: { message: 'Invalid protocol plugin: %s' },
  JNC_ERR_PLUGIN_OPTIONS: { message: 'Invalid options for protocol plugin %s: %s' },
  JNC_ERR_PLUGIN_DUPLICATE_TOKEN: { message: 'Subprotocol token %s is claimed by both %s and %s' },
  JNC_ERR_PLUGIN_SECOND_FALLBACK: { message: 'Plugins %s and %s both declare fallback: true' },
  JNC_ERR_CONTRACT_INVALID: { message: '%s' },
  JNC_ERR_AUTH_CONFIG: { message: 'Invalid auth.jwt: %s' },
} as const satisfies Record<string, CoreErrorSpec>;

/**
 * An authenticator's refusal after the upgrade, rendered by each protocol: STOMP ERROR
 * `Access refused` (`%s`: ` for user '<login>'`) then close 1008, WAMP ABORT
 * `wamp.error.authentication_failed`, JSON-RPC -32004. At the upgrade it is a 401 instead
 * (JNC_ERR_HANDSHAKE_UNAUTHORIZED).
 */
const auth = {
  JNC_ERR_AUTH_FAILED: {
    message: '%s',
    stomp: { message: 'Access refused%s', closeCode: 1008 },
    wamp: 'wamp.error.authentication_failed',
    jsonrpc: -32004,
  },
} as const satisfies Record<string, RenderedErrorSpec>;

/**
 * Engine (cluster) faults. They never reach a client as such: the router reports them and
 * answers calls with `wamp.error.unavailable`; readiness fails while the engine is down.
 */
const engine = {
  JNC_ERR_ENGINE_UNAVAILABLE: { message: '%s is down' },
  JNC_ERR_ENGINE_UNREACHABLE: { message: '%s not reachable yet; serving as not ready' },
  JNC_ERR_ENGINE_CLOSED: { message: '%s is closed' },
  JNC_ERR_ENGINE_ATTACHED: { message: 'engine is already attached to a router' },
  JNC_ERR_ENGINE_ENVELOPE: { message: 'not a junction cluster envelope' },
} as const satisfies Record<string, CoreErrorSpec>;

/** Every core code: the `JNC_ERR_*` half of the one error table. */
export const coreCodes = { ...handshake, ...session, ...registration, ...auth, ...engine } as const;
