/**
 * STOMP over plain TCP (`--stomp-tcp <port>`, off by default): a `net.Server` whose sockets the
 * broker hosts like its WebSockets (`junction.accept`): same parser and session, same limits
 * (maxPayload, maxBufferedBytes, maxConnections, login timeout), guards and release of the router
 * handle when the socket closes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { ProtocolPlugin, SessionAcceptor, SessionTransport } from '../../src/plugin/index.js';
import { TcpConnection } from './tcp-connection.js';

export interface StompTcpOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Default '127.0.0.1'. */
  readonly host?: string;
  /** The broker that hosts the sessions: a Junction. */
  readonly acceptor: SessionAcceptor;
  /** The STOMP plugin whose options apply: pass the one registered for WebSocket. */
  readonly plugin: ProtocolPlugin;
  /**
   * Outbound bytes queued before a peer counts as a slow consumer. Default: the broker's
   * `limits.maxBufferedBytes`, as for WebSocket connections.
   */
  readonly maxBufferedBytes?: number;
}

export interface StompTcpServer {
  readonly port: number;
  /** Stops accepting; the broker's own shutdown says goodbye to the sessions. */
  close(): Promise<void>;
}

function tcpTransport(socket: Socket, maxBufferedBytes: number | undefined): SessionTransport {
  const connection = new TcpConnection(socket, maxBufferedBytes);
  return {
    connection,
    // A byte stream: chunks, not messages; the STOMP parser reassembles frames across them.
    onMessage: (listener) => socket.on('data', (chunk: Buffer) => listener(chunk)),
    onClose: (listener) => socket.once('close', () => listener(1006, '')),
    terminate: () => socket.destroy(),
    limitOutbound: (max, onSlowConsumer) => connection.limitOutbound(max, onSlowConsumer),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
  };
}

/** Starts listening; resolves once the port is bound. */
export async function listenStompTcp(options: StompTcpOptions): Promise<StompTcpServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const url = new URL(`stomp+tcp://${socket.localAddress ?? 'localhost'}/`);
    // TCP has no HTTP handshake: no headers, no token.
    const handshake = { url, headers: {}, remoteAddress: socket.remoteAddress ?? 'unknown' };
    options.acceptor.accept(tcpTransport(socket, options.maxBufferedBytes), options.plugin, handshake);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
