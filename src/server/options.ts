/**
 * Broker options and their defaults (DESIGN.md "Safety defaults"). Every limit is named here,
 * documented in the README, and overridable from code, the config file, env or flags.
 */
import type { AuthOptions } from '../auth/static-authenticator.js';
import type { LogFormat, Logger, LogLevel } from '../common/logger.js';
import type { ContractDefinition } from '../contracts/registry.js';
import type { Authorizer } from '../plugin/index.js';
import type { Authenticator, ProtocolPlugin } from '../plugin/types.js';
import type { Engine } from '../router/ports.js';
import type { RouterLimits } from '../router/types.js';
import type { AdminOptions } from './admin-auth.js';

export interface Limits extends RouterLimits {
  /** Largest inbound WebSocket message in bytes; larger → close 1009. Default 1 MiB. */
  readonly maxPayload: number;
  /** Outbound bytes queued per connection before it is closed 1008 "slow consumer". Default 1 MiB. */
  readonly maxBufferedBytes: number;
  /** Time to log in (STOMP CONNECT, WAMP HELLO, JSON-RPC login) in ms. Default 10 s. */
  readonly handshakeTimeout: number;
  /** WebSocket ping interval in ms; 0 disables. Default 25 s. */
  readonly pingInterval: number;
  /** Unanswered pings before a connection is terminated. Default 2. */
  readonly maxMissedPongs: number;
  /**
   * Concurrent connections: sessions plus HTTP requests still sending their headers; further
   * upgrades get 503. Default 10,000.
   */
  readonly maxConnections: number;
  // ---- flow limits (issue 12: per address, inbound rates) ----
  /** Concurrent connections from one remote address (pending upgrades included); more get 503. Default 1,000. */
  readonly maxConnectionsPerAddress: number;
  /**
   * Remote addresses `maxConnectionsPerAddress` does not apply to. Default loopback
   * (`127.0.0.1`, `::1`): a reverse proxy or tool on the broker's own host, whose clients all
   * share its address; `[]` caps them too.
   */
  readonly uncappedAddresses: readonly string[];
  /** Inbound messages per second per connection (bursts of twice as many); over it, reads pause. Default 10,000. */
  readonly messagesPerSecond: number;
  /** Inbound bytes per second per connection (bursts of twice as many); over it, reads pause. Default 16 MiB. */
  readonly bytesPerSecond: number;
  /** Time a connection may stay over its inbound rate before it is closed 1008, in ms. Default 10 s. */
  readonly rateLimitGrace: number;
  // ---- end flow limits ----
  /** Failed logins per remote address per minute before its attempts are delayed. Default 5. */
  readonly authFailuresPerMinute: number;
  /** The first delay of a throttled login in ms, doubling with each further failure (at most 60 s). Default 1000. */
  readonly authFailureDelay: number;
  /** Time an `authorize` hook's promise may take before the request it holds is refused, in ms. Default 10 s. */
  readonly authorizeTimeout: number;
  /** Time given to clients to close on shutdown before they are terminated, in ms. Default 10 s. */
  readonly shutdownGrace: number;
  /**
   * On shutdown, time /readyz answers 503 while the broker still serves, before the drain starts,
   * so load balancers stop sending new clients first; in ms. Default 0 (drain at once).
   */
  readonly shutdownDelay: number;
  /** Arrays and objects nested in one inbound message; deeper is refused by the protocol. Default 64. */
  readonly maxDepth: number;
}

export const defaultLimits: Limits = {
  maxPayload: 1024 * 1024,
  maxBufferedBytes: 1024 * 1024,
  handshakeTimeout: 10_000,
  pingInterval: 25_000,
  maxMissedPongs: 2,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 1_000,
  uncappedAddresses: ['127.0.0.1', '::1'],
  messagesPerSecond: 10_000,
  bytesPerSecond: 16 * 1024 * 1024,
  rateLimitGrace: 10_000,
  authFailuresPerMinute: 5,
  authFailureDelay: 1000,
  authorizeTimeout: 10_000,
  shutdownGrace: 10_000,
  shutdownDelay: 0,
  maxDepth: 64,
  maxQueueLength: 10_000,
  maxSubscriptionsPerSession: 1_000,
  maxRegistrationsPerSession: 1_000,
  maxPendingCallsPerSession: 1_000,
  maxRealms: 100,
  maxQueuesPerRealm: 1_000,
  maxQueuedBytes: 64 * 1024 * 1024,
  queueMessageTtl: 24 * 60 * 60 * 1000,
};

export interface JunctionOptions {
  /** Protocol plugins in server preference order. */
  readonly protocols: readonly ProtocolPlugin[];
  /** Default 8080. Use 0 for an ephemeral port. */
  readonly port?: number;
  /** Default '127.0.0.1'. */
  readonly host?: string;
  /** Realm for clients that name none. Default: the first of `realms` when set, else 'realm1'. */
  readonly defaultRealm?: string;
  /** When set, only these realms exist (strict mode); otherwise realms are created on first use. */
  readonly realms?: readonly string[];
  readonly limits?: Partial<Limits>;
  /** Static users, tokens and anonymous access for the built-in authenticator. */
  readonly auth?: AuthOptions;
  /** Replaces the built-in authenticator. */
  readonly authenticate?: Authenticator;
  /**
   * A dynamic authorizer, asked what the invariants and `auth.permissions` allowed (so it can only
   * narrow them); its answers are cached per session, action, match and URI (docs/security.md).
   */
  readonly authorize?: Authorizer;
  /**
   * Browser origins allowed to connect (exact `scheme://host[:port]`), or `['*']` for any. Absent:
   * only the broker's own origin (the request's Host). A request without Origin is always allowed.
   */
  readonly allowedOrigins?: readonly string[];
  /** A logger, or a pino level for the built-in one. Default 'info'. */
  readonly logger?: Logger | LogLevel;
  /** Output of the built-in logger: JSON lines, or human-readable ('pretty', via pino-pretty). Default 'json'. */
  readonly logFormat?: LogFormat;
  /** Prometheus `/metrics`: a bearer token to require, a port of its own (docs/operations.md "Metrics"). */
  readonly metrics?: MetricsOptions;
  /** Directory served over plain HTTP GET (demo pages); absent = none. */
  readonly staticDir?: string;
  /**
   * The scale-out engine: `createRedisEngine({ url })` for several nodes on one Redis.
   * Default: the memory engine (one node). `/readyz` answers 503 while the engine is down.
   */
  readonly engine?: Engine;
  /**
   * JSON Schema contracts on topics and procedures, compiled at creation (docs/contracts.md).
   * `junction.contract()` adds more at run time. An invalid one makes createJunction throw
   * ContractError naming it (`contracts[1] (procedure com.example.add): params: ...`).
   */
  readonly contracts?: readonly ContractDefinition[];
  /**
   * Operators of the admin API and page (docs/admin.md): their own users and tokens. Absent, the
   * admin surface exists only when `auth` has a user or token with one of `adminRoles`.
   */
  readonly admin?: AdminOptions;
  /** Authroles whose users may use the admin API. Default ['admin']. */
  readonly adminRoles?: readonly string[];
}

/** Where metrics are served and who may read them. */
export interface MetricsOptions {
  /** When set, scrapes must send `Authorization: Bearer <token>`; others get 401. */
  readonly token?: string;
  /** Also serve `/metrics` on this port (0 picks one), on the broker's host. Default: only the broker port. */
  readonly port?: number;
}

export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...defaultLimits, ...overrides };
}
