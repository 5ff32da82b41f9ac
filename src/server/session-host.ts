/**
 * Hosts one protocol session on one transport (the broker's WebSockets, or a plugin's own, such
 * as STOMP over TCP): builds its SessionContext, feeds it messages, enforces the login timeout,
 * and guards every callback so an exception closes that session with 1011 and is logged, never
 * the process. When the transport closes, everything the session holds is released at once.
 */

import type { Logger } from '../common/logger.js';
import { JunctionError } from '../errors/table.js';
import type {
  Authenticator,
  HandshakeInfo,
  Identity,
  ProtocolPlugin,
  Session,
  SessionContext,
  SessionTransport,
} from '../plugin/types.js';
import type { Router } from '../router/router.js';
import type { SessionHandle } from '../router/types.js';
import type { Limits } from './options.js';

export interface SessionHostDeps {
  readonly router: Router;
  readonly authenticate: Authenticator;
  readonly log: Logger;
  readonly limits: Limits;
  /** Counts and reports events the operator should see (slow consumers, crashes). */
  readonly onEvent?: (event: SessionEvent) => void;
}

export type SessionEvent = 'slow_consumer' | 'session_crashed' | 'login_timeout';

/** A live session, as the server tracks it for shutdown. */
export interface HostedSession {
  readonly id: number;
  readonly transport: SessionTransport;
  /** Lets the protocol say goodbye, then closes with 1001. */
  shutdown(): void;
}

export interface HostedSessionOptions {
  readonly id: number;
  readonly plugin: ProtocolPlugin;
  /** The negotiated token, or null. */
  readonly token: string | null;
  readonly handshake: HandshakeInfo;
  readonly log: Logger;
}

/** Runs a session callback; a throw or a rejected promise goes to `crash`. */
function guarded(crash: (err: unknown) => void) {
  return (fn: () => void | Promise<void>): void => {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch(crash);
    } catch (err) {
      crash(err);
    }
  };
}

export function hostSession(
  transport: SessionTransport,
  options: HostedSessionOptions,
  deps: SessionHostDeps,
): HostedSession {
  const { id: sessionId, plugin, log } = options;
  const { connection } = transport;
  const abort = new AbortController();
  let sessionRouter: SessionHandle | undefined;
  let session: Session | undefined;

  const guard = guarded((err) => {
    const error = new JunctionError('JNC_ERR_SESSION_CRASHED', [plugin.name], { cause: err });
    log.error({ err }, error.message);
    deps.onEvent?.('session_crashed');
    connection.close(error.closeCode, 'internal error');
  });

  const loginTimer = setTimeout(() => {
    if (sessionRouter) return;
    const error = new JunctionError('JNC_ERR_LOGIN_TIMEOUT');
    log.info({ code: error.code, timeout: deps.limits.handshakeTimeout }, error.message);
    deps.onEvent?.('login_timeout');
    connection.close(error.closeCode, error.message);
  }, deps.limits.handshakeTimeout);
  loginTimer.unref();
  transport.limitOutbound?.(deps.limits.maxBufferedBytes, (buffered) => {
    log.warn({ code: 'JNC_ERR_SLOW_CONSUMER', buffered }, 'closing slow consumer');
    deps.onEvent?.('slow_consumer');
  });

  const context: SessionContext = {
    sessionId,
    token: options.token,
    handshake: options.handshake,
    authenticate: deps.authenticate,
    log,
    signal: abort.signal,
    defaultRealm: deps.router.defaultRealm,
    limits: { maxPayload: deps.limits.maxPayload, handshakeTimeout: deps.limits.handshakeTimeout },
    hasRealm: (name) => deps.router.hasRealm(name),
    join(realm: string, identity: Identity): SessionHandle {
      if (abort.signal.aborted) throw new Error('session already ended');
      // Joining again changes identity (an anonymous session logging in): the old handle goes first.
      sessionRouter?.release();
      sessionRouter = deps.router.openSession({ id: sessionId, realm, protocol: plugin.name, ...identity });
      clearTimeout(loginTimer);
      return sessionRouter;
    },
    get router() {
      return sessionRouter;
    },
  };

  transport.onMessage((data) => {
    const current = session;
    if (current) guard(() => current.onMessage(data));
  });
  transport.onClose((code, reason) => {
    clearTimeout(loginTimer);
    const current = session;
    if (current?.onClose) guard(() => current.onClose?.(code, reason));
    abort.abort();
    try {
      sessionRouter?.release();
    } catch (err) {
      log.error({ err }, 'releasing the session failed');
    }
    log.debug({ code }, 'session closed');
  });

  guard(() => {
    session = plugin.createSession(connection, context);
  });

  return {
    id: sessionId,
    transport,
    shutdown() {
      const current = session;
      if (current?.onShutdown) guard(() => current.onShutdown?.());
      connection.close(1001, 'server shutdown');
    },
  };
}
