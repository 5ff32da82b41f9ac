/**
 * The protocol plugin API: what a protocol module implements and what the core gives it.
 * A plugin never sees the raw `ws` socket or the HTTP request; it gets a Connection and
 * HandshakeInfo, so the transport can change underneath it.
 */
import type { Logger } from '../common/logger.js';
import type { RealmView, RegistrationEvent, SessionHandle, SessionInfo, SubscriptionEvent } from '../router/types.js';

/** Data of one inbound WebSocket message: text frames arrive as string, binary as Uint8Array. */
export type MessageData = string | Uint8Array;

export interface SendOptions {
  /** Frame type; default: binary for a Uint8Array, text for a string. */
  readonly binary?: boolean;
}

/** A transport-neutral connection (hono's WSContext pattern). */
export interface Connection {
  /** Negotiated subprotocol token, or null for a fallback connection without one. */
  readonly protocol: string | null;
  readonly remoteAddress: string;
  /** Bytes queued for sending and not yet written to the socket. */
  readonly bufferedAmount: number;
  /** True until the connection starts closing. */
  readonly isOpen: boolean;
  /**
   * Sends a text (string) or binary (Uint8Array) message. Returns false when the message was
   * not sent: the connection is closed, or the outbound buffer limit was exceeded (the
   * connection is then closed with 1008 "slow consumer").
   *
   * `{ binary: false }` sends UTF-8 bytes as a text message: a fan-out that encodes a message
   * once can hand the same bytes to every receiver, with no per-send encoding or copy.
   */
  send(data: MessageData, options?: SendOptions): boolean;
  /**
   * Sends one message made of `parts` in order, written as they are: a fan-out whose receivers'
   * messages differ in one small part (a STOMP `subscription` header) shares the rest with no copy
   * per receiver. Optional: without it, concatenate and `send`.
   */
  sendParts?(parts: readonly Uint8Array[], options?: SendOptions): boolean;
  /** Closes with a WebSocket close code and a short reason (at most 123 bytes of UTF-8). */
  close(code?: number, reason?: string): void;
}

/** What the core learned from the HTTP upgrade request. */
export interface HandshakeInfo {
  readonly url: URL;
  /**
   * Lower-cased request headers, without those that only carried the WebSocket handshake
   * (`connection`, `upgrade`, `sec-websocket-key`, `-version`, `-extensions`).
   */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly remoteAddress: string;
  /** Identity established at the handshake (Authorization: Bearer or ?token=), if any. */
  readonly identity?: Identity;
}

/** The result of a successful authentication. */
export interface Identity {
  readonly authid: string;
  readonly authrole: string;
  /**
   * When this identity stops being valid, in ms since the epoch (a JWT's `exp`); none: never.
   * The core ends a session joined with it at that time (`Session.onExpire`, then close 1008).
   */
  readonly expiresAt?: number;
}

export interface AuthRequest {
  /** Plugin name of the asking protocol. */
  readonly protocol: string;
  readonly realm: string;
  /** Who the client claims to be; undefined for an anonymous attempt. */
  readonly authid?: string;
  /** Password, ticket or token the client presented. */
  readonly secret?: string;
  /** 'anonymous' | 'password' | 'ticket' | 'token' | a protocol-specific method name. */
  readonly method: string;
  readonly handshake: HandshakeInfo;
}

/**
 * Decides who a client is. Resolves with its identity or rejects with an AuthenticationError.
 * Used by every protocol: STOMP CONNECT login/passcode, WAMP HELLO + ticket, JSON-RPC tokens.
 */
export type Authenticator = (request: AuthRequest) => Promise<Identity>;

/**
 * A transport other than the broker's WebSocket port (a plain TCP listener, say) on which the
 * core hosts a protocol session: the same context, login timeout, guards and release.
 */
export interface SessionTransport {
  readonly connection: Connection;
  /** Registers the listener for inbound messages (or stream chunks). */
  onMessage(listener: (data: MessageData) => void): void;
  /** Registers the listener for the end of the transport. */
  onClose(listener: (code: number, reason: string) => void): void;
  /** Drops the transport at once, without a goodbye. */
  terminate(): void;
  /**
   * Called once by the core before the session starts, with the broker's `maxBufferedBytes` and
   * the reporter of a slow consumer (logged at warn and counted, as for WebSockets). A transport
   * that queues outbound bytes implements it, so every transport gets the configured cap.
   */
  limitOutbound?(maxBufferedBytes: number, onSlowConsumer: (bufferedBytes: number) => void): void;
  /**
   * Stops reading inbound data (the peer then feels TCP backpressure), for the inbound rate
   * limits. A transport without it is never paused: what it delivers still waits in the core.
   */
  pause?(): void;
  /** Reads again after `pause`. */
  resume?(): void;
}

/** Hosts sessions on transports a plugin brings itself (`junction.accept`). */
export interface SessionAcceptor {
  accept(transport: SessionTransport, plugin: ProtocolPlugin, handshake: HandshakeInfo): void;
}

/** Everything a protocol session gets from the core. */
export interface SessionContext {
  /** Broker-wide session id, an integer in [1, 2^53]. */
  readonly sessionId: number;
  /** Negotiated token; null for the fallback plugin without a token. */
  readonly token: string | null;
  readonly handshake: HandshakeInfo;
  readonly authenticate: Authenticator;
  readonly log: Logger;
  /** Aborted when the session ends, whatever the reason. */
  readonly signal: AbortSignal;
  /** Realm used when the client names none. */
  readonly defaultRealm: string;
  /** Whether a realm exists or would be created on first use. */
  hasRealm(name: string): boolean;
  /**
   * Joins a realm as the given identity and returns the realm-scoped router handle. Called once
   * the protocol has authenticated its client; everything acquired through the handle is
   * released when the session ends. Calling it again (an anonymous session that logs in)
   * releases the previous handle first. Throws RouterError `wamp.error.no_such_realm`.
   */
  join(realm: string, identity: Identity): SessionHandle;
  /** The joined session's router handle, once `join` was called. */
  readonly router: SessionHandle | undefined;
  /**
   * Extends a joined session's validity with a fresh credential of the same identity (a new JWT):
   * its `expiresAt` replaces the old one, and the router handle, with everything it holds, stays.
   * Returns false, changing nothing, when the session has not joined or `identity` names another
   * authid or authrole (join again instead).
   */
  renew(identity: Identity): boolean;
  /** Limits of this broker that protocols apply themselves. */
  readonly limits: ProtocolLimits;
  /**
   * For a plugin with `countsMessages`: charges `count` inbound messages against the
   * connection's `messagesPerSecond` budget; false once over it (the core then pauses reads).
   * Optional: a host without rate limits (a test harness) leaves it out.
   */
  countMessages?(count: number): boolean;
  /**
   * Gives back `count` inbound messages that answered the broker's own requests (a callee's
   * final result or error for an invocation it was sent): their number is bounded by the calls,
   * already charged to the callers, so a busy callee is not throttled by its callers' rate. The
   * bytes stay charged; progressive results are not answers and stay charged too.
   */
  refundMessages?(count: number): void;
  /**
   * The session has input left that it will not handle in this turn (over budget, or a fair
   * slice done): reads stay paused and `resume` runs on a later event-loop turn, once the budget
   * allows. Guarded like every callback.
   */
  deferInput?(resume: () => void): void;
}

export interface ProtocolLimits {
  /** Largest inbound WebSocket message, in bytes. */
  readonly maxPayload: number;
  /** Time a client has to log in (STOMP CONNECT, WAMP HELLO) before it is closed, in ms. */
  readonly handshakeTimeout: number;
  /**
   * Deepest nesting of arrays and objects in one inbound message (a WAMP message, a JSON-RPC
   * request or batch, a STOMP JSON body); deeper is refused in the protocol's own words.
   */
  readonly maxDepth: number;
}

/** One protocol conversation on one connection. All callbacks are guarded by the core. */
export interface Session {
  /**
   * One inbound WebSocket message (a text message as bytes for a plugin with `textAsBytes`). A
   * thrown error or rejected promise closes the session with 1011.
   */
  onMessage(data: MessageData): void | Promise<void>;
  /** The transport closed; the core releases the router handle right after this returns. */
  onClose?(code: number, reason: string): void;
  /**
   * The broker is shutting down: say the protocol's goodbye (STOMP ERROR, WAMP GOODBYE
   * `wamp.close.system_shutdown`). The core closes the connection with 1001 afterwards.
   */
  onShutdown?(): void;
  /**
   * An operator ended this session (the admin API's kill): say the protocol's goodbye (STOMP
   * ERROR, WAMP GOODBYE `wamp.close.killed`). The core closes the connection with 1008 afterwards;
   * a plugin without it just sees that close.
   */
  onKill?(reason: string): void;
  /**
   * The identity the session joined with expired (`Identity.expiresAt`): say the protocol's
   * goodbye (STOMP ERROR `token expired`, WAMP GOODBYE `junction.close.token_expired`). The core
   * closes the connection with 1008 `token expired` afterwards; a plugin without it gets
   * `onKill('token expired')` instead.
   */
  onExpire?(): void;
  /**
   * The broker closes the session for a limit it enforces itself (a client over its inbound rate
   * for `rateLimitGrace`): say so in the protocol (STOMP ERROR with `reason`). The core closes
   * with 1008 and `reason` afterwards; a plugin without it just sees that close.
   */
  onLimit?(reason: string): void;
}

/** Told when a session joins or leaves a realm, whatever its protocol. */
export type SessionEventListener = (info: SessionInfo) => void;

/**
 * What a plugin may use once, at registration time: read-only views and events for meta APIs
 * (WAMP's session and registration meta procedures), and the broker's own realm-scoped handle
 * for the events the broker itself publishes. Never the router or its engine.
 */
export interface PluginContext {
  readonly log: Logger;
  /** Listens to sessions joining or leaving any realm (in-process handles excluded); returns the unsubscriber. */
  onSession(event: 'join' | 'leave', listener: SessionEventListener): () => void;
  /**
   * Listens to subscriptions created, subscribed, unsubscribed and deleted on this node, by any
   * protocol's sessions (WAMP `wamp.subscription.on_*`); returns the unsubscriber. Listeners run
   * synchronously inside the subscribe or unsubscribe: defer anything that answers the client.
   */
  onSubscription(listener: (event: SubscriptionEvent) => void): () => void;
  /** Listens to registrations created, registered, unregistered and deleted on this node, as `onSubscription`. */
  onRegistration(listener: (event: RegistrationEvent) => void): () => void;
  /** Read-only views of a realm on this node, or undefined before its first use. */
  realm(name: string): RealmView | undefined;
  /**
   * The sessions of a realm on every node: an array at once on a single node, a promise when
   * other nodes must be asked (settled when they all answered or the engine's timeout passed).
   */
  sessions(realm: string): readonly SessionInfo[] | Promise<readonly SessionInfo[]>;
  /** The broker's own handle on a realm: what it publishes there comes from no client session. */
  broker(realm: string): SessionHandle;
  /**
   * The broker's admin roles (`adminRoles`, default ['admin']): authroles trusted with operator
   * actions, such as WAMP's `wamp.session.kill`, unless the plugin's own options say otherwise.
   */
  readonly adminRoles: readonly string[];
}

export interface ProtocolPlugin<Options = unknown> {
  /** Short name used in logs, errors and SessionInfo.protocol: 'stomp', 'wamp', 'jsonrpc', … */
  readonly name: string;
  /** Sec-WebSocket-Protocol tokens claimed, in server preference order. */
  readonly tokens: readonly string[];
  /** Accepts clients that offered no token. At most one registered plugin may be the fallback. */
  readonly fallback?: boolean;
  /**
   * Chooses among the offered tokens this plugin claims (already filtered, in client order).
   * Default: the first of `tokens` (server preference) that was offered.
   */
  selectToken?(offered: readonly string[]): string;
  /**
   * Recognises this protocol from the first message of a connection that offered no token
   * (`Stomp.over(new WebSocket(url))`). Such a connection goes to the first plugin, in
   * registration order, whose `detect` accepts its first message, else to the fallback; the
   * chosen session then receives that same message. Called once per such connection: keep it a
   * cheap look at the first bytes, never a full parse.
   */
  detect?(firstMessage: MessageData): boolean;
  /**
   * The plugin counts its inbound messages itself with `context.countMessages` (a message
   * may carry several, such as a JSON-RPC batch, or a stream chunk a part of one); otherwise
   * each inbound WebSocket message (or stream chunk) counts as one.
   */
  readonly countsMessages?: boolean;
  /**
   * The plugin parses bytes: its sessions get a text message as its UTF-8 bytes (a Uint8Array,
   * which the WebSocket layer has already checked is valid UTF-8), not as a string the plugin
   * would encode again. Not for a connection held for `detect`: its session gets strings.
   */
  readonly textAsBytes?: boolean;
  /** JSON Schema of this plugin's options, validated with ajv at registration. */
  readonly optionsSchema?: object;
  /** Options passed at registration; validated against optionsSchema. */
  readonly options?: Options;
  /** Called once when the broker starts. */
  setup?(context: PluginContext): void | Promise<void>;
  /** Called once per accepted connection that negotiated this plugin. */
  createSession(connection: Connection, context: SessionContext): Session;
}

/** Identity helper that gives plugin authors type inference. */
export function defineProtocol<Options>(plugin: ProtocolPlugin<Options>): ProtocolPlugin<Options> {
  return plugin;
}

export type { SessionInfo };
