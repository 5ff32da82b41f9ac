/**
 * Hosts one protocol session on one transport (the broker's WebSockets, or a plugin's own, such
 * as STOMP over TCP): builds its SessionContext, feeds it messages, enforces the login timeout,
 * and guards every callback so an exception closes that session with 1011 and is logged, never
 * the process. When the transport closes, everything the session holds is released at once.
 */

import type { Logger } from '../common/logger.js';
import type { RepeatedLines } from '../common/repeated-lines.js';
import { JunctionError } from '../errors/table.js';
import type {
  Authenticator,
  HandshakeInfo,
  Identity,
  MessageData,
  ProtocolLimits,
  ProtocolPlugin,
  Session,
  SessionContext,
  SessionTransport,
} from '../plugin/types.js';
import type { Router } from '../router/router.js';
import type { SessionHandle } from '../router/types.js';
import { type FlowOptions, InboundFlow } from './inbound-flow.js';
import type { Limits } from './options.js';
import type { ProtocolSessions } from './session-counters.js';
import { acceptsSink, type TransportSink } from './transport-sink.js';

export interface SessionHostDeps {
  readonly router: Router;
  readonly authenticate: Authenticator;
  readonly log: Logger;
  readonly limits: Limits;
  /** Aggregates lines that repeat across sessions (slow consumers cut off in a burst). */
  readonly repeats?: RepeatedLines;
  /** Counts and reports events the operator should see (slow consumers, crashes). */
  readonly onEvent?: (event: SessionEvent) => void;
  /**
   * The session's transport closed and the session released what it held: one function for every
   * session (the registry's bookkeeping), not a close listener per connection.
   */
  readonly onClosed?: (
    hosted: HostedSession,
    code: number,
    counters: ProtocolSessions | undefined,
    remoteAddress: string,
  ) => void;
}

/** The longest delay a Node timer keeps (2^31-1 ms); a longer one fires at once. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

export type SessionEvent =
  | 'slow_consumer'
  | 'session_crashed'
  | 'login_timeout'
  | 'auth_failure'
  | 'auth_throttled'
  | 'rate_limited';

/** A live session, as the server tracks it for shutdown. */
export interface HostedSession {
  readonly id: number;
  readonly transport: SessionTransport;
  /** Lets the protocol say goodbye, then closes with 1001. */
  shutdown(): void;
  /** An operator ends the session: the protocol's goodbye (`onKill`), then close 1008 with `reason`. */
  kill(reason: string): void;
}

export interface HostedSessionOptions {
  readonly id: number;
  readonly plugin: ProtocolPlugin;
  /** The negotiated token, or null. */
  readonly token: string | null;
  readonly handshake: HandshakeInfo;
  readonly log: Logger;
  /** Time left to log in, in ms; default: the whole handshake timeout (less once a first message was awaited). */
  readonly loginTimeout?: number;
  /** The protocol's counters; the host counts inbound messages on it. */
  readonly counters?: ProtocolSessions;
}

/**
 * One hosted session: the SessionContext its plugin sees, and the guards around every callback.
 * The context is this object itself, so a connection costs one host object, not a context plus
 * closures; the abort signal exists only once the plugin asks for it. It is also what its
 * transport (TransportSink) and its inbound flow (FlowOptions) call back: their methods below are
 * the core's, not part of the SessionContext a plugin is typed to see.
 */
class Host implements HostedSession, SessionContext, TransportSink, FlowOptions {
  readonly id: number;
  readonly transport: SessionTransport;
  readonly token: string | null;
  readonly handshake: HandshakeInfo;
  readonly log: Logger;
  readonly #plugin: ProtocolPlugin;
  readonly #deps: SessionHostDeps;
  /** Until the session logs in; dropped then, so a logged-in session holds no spent timer (issue 13). */
  #loginTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #flow: InboundFlow;
  readonly #counters: ProtocolSessions | undefined;
  #session: Session | undefined;
  #handle: SessionHandle | undefined;
  /** The identity joined with, for `renew`; its `expiresAt` arms `#expiryTimer`. */
  #identity: Identity | undefined;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;
  #ended = false;
  /** When the transport opened, for the session's duration in the close line. */
  readonly #opened = Date.now();

  constructor(transport: SessionTransport, options: HostedSessionOptions, deps: SessionHostDeps) {
    this.id = options.id;
    this.transport = transport;
    this.token = options.token;
    this.handshake = options.handshake;
    this.log = options.log;
    this.#plugin = options.plugin;
    this.#deps = deps;
    this.#loginTimer = setTimeout(() => this.#loginTimedOut(), options.loginTimeout ?? deps.limits.handshakeTimeout);
    this.#loginTimer.unref();
    transport.limitOutbound?.(deps.limits.maxBufferedBytes, (buffered) => {
      const fields = { code: 'JNC_ERR_SLOW_CONSUMER', buffered };
      if (deps.repeats === undefined) this.log.warn(fields, 'closing slow consumer');
      else deps.repeats.write(this.log, 'warn', fields, 'closing slow consumer');
      deps.onEvent?.('slow_consumer');
    });
    this.#counters = options.counters;
    this.#flow = new InboundFlow(transport, deps.limits, this);
    if (acceptsSink(transport)) transport.attachSink(this);
    else {
      transport.onMessage((data) => this.message(data));
      transport.onClose((code, reason) => this.closed(code, reason));
    }
    this.#run(() => {
      this.#session = this.#plugin.createSession(transport.connection, this);
    });
  }

  // ---- SessionContext ---------------------------------------------------------------------------

  get sessionId(): number {
    return this.id;
  }

  get authenticate(): Authenticator {
    return this.#deps.authenticate;
  }

  /** The broker's limits, of which a plugin's type shows `ProtocolLimits`: one object for every session. */
  get limits(): ProtocolLimits {
    return this.#deps.limits;
  }

  get defaultRealm(): string {
    return this.#deps.router.defaultRealm;
  }

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#ended) this.#controller.abort();
    return this.#controller.signal;
  }

  get router(): SessionHandle | undefined {
    return this.#handle;
  }

  countMessages(count: number): boolean {
    return this.#flow.charge(count);
  }

  refundMessages(count: number): void {
    this.#flow.refund(count);
  }

  deferInput(resume: () => void): void {
    this.#flow.defer(() => this.#run(resume));
  }

  hasRealm(name: string): boolean {
    return this.#deps.router.hasRealm(name);
  }

  join(realm: string, identity: Identity): SessionHandle {
    if (this.#ended) throw new Error('session already ended');
    // Joining again changes identity (an anonymous session logging in): the old handle goes first.
    const first = this.#handle === undefined;
    this.#handle?.release();
    const { authid, authrole } = identity;
    this.#handle = this.#deps.router.openSession({ id: this.id, realm, protocol: this.#plugin.name, authid, authrole });
    this.#stopLoginTimer();
    this.#identity = identity;
    this.#armExpiry(identity.expiresAt);
    this.log.info(
      { realm, authid: identity.authid, authrole: identity.authrole, remote: this.handshake.remoteAddress },
      first ? 'session opened' : 'session identity changed',
    );
    return this.#handle;
  }

  renew(identity: Identity): boolean {
    const current = this.#identity;
    if (this.#ended || this.#handle === undefined || current === undefined) return false;
    if (identity.authid !== current.authid || identity.authrole !== current.authrole) return false;
    this.#identity = identity;
    this.#armExpiry(identity.expiresAt);
    this.log.info({ authid: identity.authid, expiresAt: identity.expiresAt }, 'session credentials renewed');
    return true;
  }

  // ---- TransportSink and FlowOptions (the core's) ---------------------------------------------

  /** A transport message: through the inbound rate limits (inbound-flow.ts) to `deliver`. */
  message(data: MessageData): void {
    this.#flow.receive(data);
  }

  /** The transport closed: the plugin hears it first, then everything the session holds is released. */
  closed(code: number, reason: string): void {
    this.#stopLoginTimer();
    clearTimeout(this.#expiryTimer);
    this.#flow.stop();
    this.#guard((session) => session.onClose?.(code, reason));
    this.#ended = true;
    this.#controller?.abort();
    try {
      this.#handle?.release();
    } catch (err) {
      this.log.error({ err }, 'releasing the session failed');
    }
    const info = this.#handle?.session;
    this.log.info(
      {
        realm: info?.realm,
        authid: info?.authid,
        remote: this.handshake.remoteAddress,
        durationMs: Date.now() - this.#opened,
        code,
      },
      'session closed',
    );
    this.#deps.onClosed?.(this, code, this.#counters, this.handshake.remoteAddress);
  }

  get countsTransportMessages(): boolean {
    return this.#plugin.countsMessages !== true;
  }

  /** A message the inbound flow admitted. */
  deliver(data: MessageData): void {
    if (this.#counters !== undefined) this.#counters.received++;
    this.#guard((session) => session.onMessage(data));
  }

  /** Over its inbound rate for the whole grace period (inbound-flow.ts): closed 1008. */
  onOverGrace(): void {
    const error = new JunctionError('JNC_ERR_RATE_LIMITED');
    this.log.warn({ code: error.code, remote: this.handshake.remoteAddress }, error.message);
    this.#deps.onEvent?.('rate_limited');
    this.#guard((session) => session.onLimit?.(error.message));
    this.transport.connection.close(error.closeCode, error.message);
  }

  // ---- HostedSession ----------------------------------------------------------------------------

  shutdown(): void {
    this.#guard((session) => session.onShutdown?.());
    this.transport.connection.close(1001, 'server shutdown');
  }

  kill(reason: string): void {
    this.log.info({ reason }, 'session killed by an administrator');
    this.#guard((session) => session.onKill?.(reason));
    this.transport.connection.close(1008, reason);
  }

  // ---- internals --------------------------------------------------------------------------------

  /**
   * (Re)schedules the end of the session at `expiresAt`. Timers hold at most 2^31-1 ms (~24.8
   * days; a longer delay fires at once), so a far expiry is reached in steps.
   */
  #armExpiry(expiresAt: number | undefined): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    if (expiresAt === undefined || this.#ended) return;
    const delay = Math.max(0, expiresAt - Date.now());
    this.#expiryTimer = setTimeout(
      () => (delay > MAX_TIMER_DELAY ? this.#armExpiry(expiresAt) : this.#expired()),
      Math.min(delay, MAX_TIMER_DELAY),
    );
    this.#expiryTimer.unref();
  }

  /** The identity expired: the protocol's goodbye, then close 1008 `token expired`. */
  #expired(): void {
    this.#expiryTimer = undefined;
    if (this.#ended) return;
    const error = new JunctionError('JNC_ERR_AUTH_EXPIRED');
    this.log.info({ code: error.code, authid: this.#identity?.authid }, 'session token expired');
    this.#guard((session) => (session.onExpire ? session.onExpire() : session.onKill?.(error.message)));
    this.transport.connection.close(error.closeCode, error.message);
  }

  #stopLoginTimer(): void {
    clearTimeout(this.#loginTimer);
    this.#loginTimer = undefined;
  }

  #loginTimedOut(): void {
    if (this.#handle !== undefined) return;
    const error = new JunctionError('JNC_ERR_LOGIN_TIMEOUT');
    this.log.info({ code: error.code, timeout: this.#deps.limits.handshakeTimeout }, error.message);
    this.#deps.onEvent?.('login_timeout');
    this.transport.connection.close(error.closeCode, error.message);
  }

  /** Runs a callback of the created session, if there is one. */
  #guard(callback: (session: Session) => void | Promise<void>): void {
    const session = this.#session;
    if (session !== undefined) this.#run(() => callback(session));
  }

  /** Runs plugin code; a throw or a rejected promise closes this session with 1011, never the process. */
  #run(fn: () => void | Promise<void>): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((err: unknown) => this.#crash(err));
    } catch (err) {
      this.#crash(err);
    }
  }

  #crash(err: unknown): void {
    const error = new JunctionError('JNC_ERR_SESSION_CRASHED', [this.#plugin.name], { cause: err });
    this.log.error({ err }, error.message);
    this.#deps.onEvent?.('session_crashed');
    this.transport.connection.close(error.closeCode, 'internal error');
  }
}

/** Hosts a session on a transport; the returned handle lets the server drain it on shutdown. */
export function hostSession(
  transport: SessionTransport,
  options: HostedSessionOptions,
  deps: SessionHostDeps,
): HostedSession {
  return new Host(transport, options, deps);
}
