/**
 * STOMP over plain TCP (`--stomp-tcp <port>`, off by default): a `net.Server` that hosts the same
 * parser and session as the WebSocket plugin. It does for each socket what the core does for a
 * WebSocket: builds the SessionContext, enforces the login timeout, guards callbacks and releases
 * the router handle when the socket closes.
 */
import { getRandomValues } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../src/logger.js';
import type { Authenticator, ProtocolPlugin, Session, SessionContext } from '../../src/plugin.js';
import type { Router, SessionRouter } from '../../src/router/types.js';
import { TcpConnection } from './tcp-connection.js';

export interface StompTcpOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Default '127.0.0.1'. */
  readonly host?: string;
  readonly router: Router;
  readonly authenticate: Authenticator;
  readonly log: Logger;
  /** The STOMP plugin whose options apply: pass the one registered for WebSocket. */
  readonly plugin: ProtocolPlugin;
  /** Largest frame once connected, unless the plugin sets maxFrameSize. Default 1 MiB. */
  readonly maxPayload?: number;
  /** Time to send CONNECT, in ms. Default 10 s. */
  readonly handshakeTimeout?: number;
  /** Outbound bytes queued before a peer counts as a slow consumer. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
}

export interface StompTcpServer {
  readonly port: number;
  /** Says goodbye to every session (ERROR), closes the sockets and stops listening. */
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function listenStompTcp(options: StompTcpOptions): Promise<StompTcpServer> {
  const sessions = new Map<Socket, Session>();
  const server = createServer((socket) => {
    let session: Session | undefined;
    try {
      session = hostTcpSession(socket, options);
    } catch (err) {
      options.log.error({ err }, 'cannot host a STOMP TCP session');
      socket.destroy();
    }
    if (session === undefined) return;
    sessions.set(socket, session);
    socket.once('close', () => sessions.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  options.log.info({ port }, 'STOMP TCP listener started');
  return { port, close: () => closeAll(server, sessions) };
}

async function closeAll(server: Server, sessions: Map<Socket, Session>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const [socket, session] of sessions) {
    session.onShutdown?.();
    socket.end();
    setTimeout(() => socket.destroy(), 500).unref();
  }
  await closed;
}

/** A random id in [1, 2^53] (WAMP global scope), like the core's session ids. */
function sessionId(): number {
  const draw = getRandomValues(new BigUint64Array(1));
  return Number((draw[0] as bigint) >> 11n) + 1;
}

function hostTcpSession(socket: Socket, options: StompTcpOptions): Session | undefined {
  const id = sessionId();
  const log = options.log.child({ protocol: 'stomp', transport: 'tcp', session: id });
  const connection = new TcpConnection(socket, options.maxBufferedBytes ?? 1024 * 1024);
  const abort = new AbortController();
  const tcpContext = createContext(id, socket, connection.remoteAddress, options, log, abort.signal);
  const loginTimer = setTimeout(() => {
    if (tcpContext.router === undefined) connection.close(1008, 'login timeout');
  }, tcpContext.limits.handshakeTimeout);
  loginTimer.unref();
  const crash = (err: unknown): void => {
    log.error({ err }, 'STOMP TCP session crashed');
    socket.destroy();
  };
  const guard = (fn: () => void | Promise<void>): void => {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch(crash);
    } catch (err) {
      crash(err);
    }
  };
  let session: Session | undefined;
  guard(() => {
    session = options.plugin.createSession(connection, tcpContext);
  });
  socket.on('data', (data: Buffer) => guard(() => session?.onMessage(new Uint8Array(data))));
  socket.on('error', (err) => log.debug({ err }, 'socket error'));
  socket.once('close', () => {
    clearTimeout(loginTimer);
    guard(() => session?.onClose?.(1006, ''));
    abort.abort();
    tcpContext.router?.release();
  });
  return session;
}

/** The SessionContext of one TCP connection: no HTTP handshake, so no headers and no token. */
function createContext(
  id: number,
  socket: Socket,
  remoteAddress: string,
  options: StompTcpOptions,
  log: Logger,
  signal: AbortSignal,
): SessionContext {
  let router: SessionRouter | undefined;
  const url = new URL(`stomp+tcp://${socket.localAddress ?? 'localhost'}/`);
  return {
    sessionId: id,
    token: null,
    handshake: { url, headers: {}, remoteAddress },
    authenticate: options.authenticate,
    log,
    signal,
    defaultRealm: options.router.defaultRealm,
    limits: { maxPayload: options.maxPayload ?? 1024 * 1024, handshakeTimeout: options.handshakeTimeout ?? 10_000 },
    hasRealm: (name) => options.router.hasRealm(name),
    join(realm, identity) {
      if (router !== undefined) throw new Error('session already joined a realm');
      if (signal.aborted) throw new Error('session already ended');
      router = options.router.openSession({ id, realm, protocol: 'stomp', ...identity });
      return router;
    },
    get router() {
      return router;
    },
  };
}
