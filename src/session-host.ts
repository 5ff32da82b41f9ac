/**
 * Hosts one protocol session on one WebSocket: builds its SessionContext, feeds it messages,
 * enforces the login timeout, and guards every callback so an exception closes that session
 * with 1011 and is logged, never the process. When the socket closes, everything the session
 * holds on the router is released at once.
 */
import type { RawData, WebSocket } from 'ws';
import { WebSocketConnection } from './connection.js';
import { JunctionError } from './errors.js';
import { randomId } from './ids.js';
import type { Logger } from './logger.js';
import type { Limits } from './options.js';
import type {
  Authenticator,
  HandshakeInfo,
  Identity,
  MessageData,
  ProtocolPlugin,
  Session,
  SessionContext,
} from './plugin.js';
import type { Router, SessionRouter } from './router/types.js';

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
  readonly connection: WebSocketConnection;
  /** Lets the protocol say goodbye, then closes with 1001. */
  shutdown(): void;
}

export function hostSession(
  socket: WebSocket,
  plugin: ProtocolPlugin,
  token: string | null,
  handshake: HandshakeInfo,
  deps: SessionHostDeps,
): HostedSession {
  const sessionId = randomId();
  const log = deps.log.child({ protocol: plugin.name, session: sessionId });
  const abort = new AbortController();
  const connection = new WebSocketConnection(socket, {
    protocol: token,
    remoteAddress: handshake.remoteAddress,
    maxBufferedBytes: deps.limits.maxBufferedBytes,
    onSlowConsumer: () => {
      log.warn({ code: 'JNC_ERR_SLOW_CONSUMER', buffered: socket.bufferedAmount }, 'closing slow consumer');
      deps.onEvent?.('slow_consumer');
    },
  });
  let sessionRouter: SessionRouter | undefined;
  let session: Session | undefined;

  const crash = (err: unknown): void => {
    const error = new JunctionError('JNC_ERR_SESSION_CRASHED', [plugin.name], { cause: err });
    log.error({ err }, error.message);
    deps.onEvent?.('session_crashed');
    connection.close(error.closeCode, 'internal error');
  };
  const guard = (fn: () => void | Promise<void>): void => {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch(crash);
    } catch (err) {
      crash(err);
    }
  };

  const loginTimer = setTimeout(() => {
    if (sessionRouter) return;
    const error = new JunctionError('JNC_ERR_LOGIN_TIMEOUT');
    log.info({ code: error.code, timeout: deps.limits.handshakeTimeout }, error.message);
    deps.onEvent?.('login_timeout');
    connection.close(error.closeCode, error.message);
  }, deps.limits.handshakeTimeout);
  loginTimer.unref();

  const context: SessionContext = {
    sessionId,
    token,
    handshake,
    authenticate: deps.authenticate,
    log,
    signal: abort.signal,
    defaultRealm: deps.router.defaultRealm,
    limits: { maxPayload: deps.limits.maxPayload, handshakeTimeout: deps.limits.handshakeTimeout },
    hasRealm: (name) => deps.router.hasRealm(name),
    join(realm: string, identity: Identity): SessionRouter {
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

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (!session) return;
    const current = session;
    const message: MessageData = isBinary ? toBytes(data) : toBytes(data).toString('utf8');
    guard(() => current.onMessage(message));
  });
  socket.on('error', (err) => log.debug({ err }, 'socket error'));
  socket.once('close', (code: number, reason: Buffer) => {
    clearTimeout(loginTimer);
    if (session?.onClose) {
      const current = session;
      guard(() => current.onClose?.(code, reason.toString()));
    }
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
    connection,
    shutdown() {
      if (session?.onShutdown) {
        const current = session;
        guard(() => current.onShutdown?.());
      }
      connection.close(1001, 'server shutdown');
    },
  };
}

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
