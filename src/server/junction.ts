/**
 * createJunction: wires the HTTP server, the handshake, the protocol plugins and the router.
 * It decides nothing itself; each concern lives in its own module.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createStaticAuthenticator } from '../auth/static-authenticator.js';
import { randomId } from '../common/ids.js';
import { createLogger, type Logger } from '../common/logger.js';
import { createAjv } from '../common/schema.js';
import { ContractRegistry } from '../contracts/registry.js';
import { JunctionError } from '../errors/table.js';
import type { SessionAcceptor, SessionTransport } from '../plugin/types.js';
import { createRouter, type Router } from '../router/index.js';
import { abortHandshake, checkHandshake } from './handshake.js';
import { createHeartbeat } from './heartbeat.js';
import { createHttpHandler } from './http-routes.js';
import { createLocalApi, type LocalApi } from './local-api.js';
import type { Selection } from './negotiation.js';
import { type JunctionOptions, type Limits, resolveLimits } from './options.js';
import { createPluginContext } from './plugin-context.js';
import { createRegistry } from './plugin-registry.js';
import { type HostedSession, type HostedSessionOptions, hostSession, type SessionEvent } from './session-host.js';
import { webSocketTransport } from './ws-transport.js';

export interface Junction extends LocalApi, SessionAcceptor {
  readonly router: Router;
  readonly limits: Limits;
  readonly log: Logger;
  /** ws://host:port once listening. */
  readonly url: string;
  /** Number of open sessions, on WebSockets and on transports passed to `accept`. */
  readonly sessionCount: number;
  /** Counters of events operators watch: slow consumers cut off, sessions crashed, login timeouts. */
  readonly stats: Readonly<Record<SessionEvent, number>>;
  listen(): Promise<AddressInfo>;
  /** Drains: readiness 503, protocol goodbyes, close 1001, terminate after the grace period. */
  close(): Promise<void>;
}

type State = 'created' | 'starting' | 'serving' | 'draining' | 'closed';

export function createJunction(options: JunctionOptions): Junction {
  const limits = resolveLimits(options.limits);
  const log = typeof options.logger === 'object' ? options.logger : createLogger(options.logger ?? 'info');
  const plugins = createRegistry(options.protocols, createAjv());
  const contracts = new ContractRegistry(createAjv());
  for (const [index, definition] of (options.contracts ?? []).entries()) {
    contracts.define(definition, `contracts[${index}]`);
  }
  const router = createRouter({
    defaultRealm: options.defaultRealm,
    realms: options.realms,
    limits,
    engine: options.engine,
    contracts,
    // A subscriber or callee handler that throws is the app's bug: log it, keep routing.
    // An engine failure (Redis down) is an operator's concern: logged, counted, never thrown.
    onError: (err, context) =>
      context.kind === 'cluster'
        ? log.error({ err, engine: router.engine.kind, operation: context.name }, 'cluster engine failure')
        : log.error({ err, ...context }, 'router handler failed'),
  });
  const authenticate = options.authenticate ?? createStaticAuthenticator(options.auth);
  const sessions = new Set<HostedSession>();
  const selections = new WeakMap<IncomingMessage, Selection>();
  let state: State = 'created';
  const stats: Record<SessionEvent, number> = { slow_consumer: 0, session_crashed: 0, login_timeout: 0 };
  const onEvent = (event: SessionEvent): void => {
    stats[event]++;
  };

  // Serving is not enough: a node whose engine is down would silently miss other nodes' traffic.
  const notReadyReason = (): string | undefined =>
    state === 'serving'
      ? router.engine.notReadyReason()
      : state === 'draining' || state === 'closed'
        ? 'draining'
        : 'starting';
  const http: Server = createServer(
    createHttpHandler({
      notReadyReason,
      staticDir: options.staticDir ? resolvePath(options.staticDir) : undefined,
    }),
  );
  http.headersTimeout = limits.handshakeTimeout;
  http.requestTimeout = limits.handshakeTimeout;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayload,
    perMessageDeflate: false,
    // Negotiation already chose; ws only echoes our choice (or nothing, for the fallback).
    handleProtocols: (_offered, req) => selections.get(req)?.token ?? false,
  });
  const heartbeat = createHeartbeat({ interval: limits.pingInterval, maxMissed: limits.maxMissedPongs });

  const refusal = (): string | undefined => {
    if (state !== 'serving') return notReadyReason();
    return sessions.size >= limits.maxConnections ? 'too many connections' : undefined;
  };

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', (err) => log.debug({ err }, 'upgrade socket error'));
    const outcome = await checkHandshake(req, {
      plugins,
      authenticate,
      allowedOrigins: options.allowedOrigins,
      refusal,
    });
    if (outcome instanceof JunctionError) {
      log.info({ code: outcome.code, remote: req.socket.remoteAddress }, outcome.message);
      return abortHandshake(socket, outcome.httpStatus ?? 400, outcome.message);
    }
    if (socket.destroyed) return;
    selections.set(req, outcome.selection);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const { plugin, token } = outcome.selection;
      const id = randomId();
      const sessionLog = log.child({ protocol: plugin.name, session: id });
      heartbeat.watch(ws);
      ws.on('error', (err) => sessionLog.debug({ err }, 'socket error'));
      const transport = webSocketTransport(ws, {
        protocol: token,
        remoteAddress: outcome.info.remoteAddress,
        maxBufferedBytes: limits.maxBufferedBytes,
        onSlowConsumer: () => {
          sessionLog.warn({ code: 'JNC_ERR_SLOW_CONSUMER', buffered: ws.bufferedAmount }, 'closing slow consumer');
          onEvent('slow_consumer');
        },
      });
      host(transport, { id, plugin, token, handshake: outcome.info, log: sessionLog });
    });
  };
  /** Hosts a session and tracks it until its transport closes (for drain on shutdown). */
  const host = (transport: SessionTransport, options: HostedSessionOptions): void => {
    const hosted = hostSession(transport, options, { router, authenticate, log, limits, onEvent });
    sessions.add(hosted);
    transport.onClose(() => sessions.delete(hosted));
  };
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((err: unknown) => {
      log.error({ err }, 'upgrade failed');
      abortHandshake(socket, 500, 'internal error');
    });
  });

  let url = '';
  const junction: Junction = {
    ...createLocalApi(router, contracts),
    router,
    limits,
    log,
    get url() {
      return url;
    },
    get sessionCount() {
      return sessions.size;
    },
    stats,
    accept(transport, plugin, handshake) {
      const reason = refusal();
      if (reason !== undefined) {
        transport.connection.close(1013, reason);
        return;
      }
      const id = randomId();
      host(transport, { id, plugin, token: null, handshake, log: log.child({ protocol: plugin.name, session: id }) });
    },
    async listen() {
      state = 'starting';
      for (const plugin of plugins)
        await plugin.setup?.(createPluginContext(router, log.child({ protocol: plugin.name })));
      await router.engine.start();
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
          http.off('error', reject);
          resolve();
        });
      });
      const address = http.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `ws://${host}:${address.port}`;
      state = 'serving';
      const { kind, nodeId } = router.engine;
      log.info({ url, protocols: plugins.map((plugin) => plugin.name), engine: kind, nodeId }, 'junction listening');
      return address;
    },
    async close() {
      if (state === 'closed' || state === 'draining') return;
      state = 'draining';
      for (const session of sessions) session.shutdown();
      await waitForSessions(sessions, limits.shutdownGrace);
      for (const session of sessions) session.transport.terminate();
      await router.engine.close();
      heartbeat.stop();
      wss.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      state = 'closed';
    },
  };
  return junction;
}

async function waitForSessions(sessions: Set<HostedSession>, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (sessions.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
