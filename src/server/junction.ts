/**
 * createJunction: wires the HTTP server, the handshake, the protocol plugins and the router.
 * It decides nothing itself; each concern lives in its own module.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { createStaticAuthenticator } from '../auth/static-authenticator.js';
import { throttleFailures } from '../auth/throttle.js';
import { createLogger, type Logger } from '../common/logger.js';
import { RepeatedLines } from '../common/repeated-lines.js';
import { createAjv } from '../common/schema.js';
import { ContractRegistry } from '../contracts/registry.js';
import type { SessionAcceptor } from '../plugin/types.js';
import { createRouter, type Router } from '../router/index.js';
import { createAdmin, DEFAULT_ADMIN_ROLES } from './admin.js';
import { Admission } from './admission.js';
import { observeAuthentication } from './auth-observer.js';
import { logEngineStatus } from './engine-log.js';
import { createHttpHandler } from './http-routes.js';
import { createLocalApi, type LocalApi } from './local-api.js';
import { createMetricsRegistry } from './metrics.js';
import { MetricsEndpoint } from './metrics-endpoint.js';
import { type JunctionOptions, type Limits, resolveLimits } from './options.js';
import { createPluginContext } from './plugin-context.js';
import { createRegistry } from './plugin-registry.js';
import { SessionCounters } from './session-counters.js';
import type { SessionEvent } from './session-host.js';
import { SessionRegistry } from './session-registry.js';
import { WebSocketGate } from './upgrade.js';

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
  /** Prometheus metrics: the broker's own registry, served at `/metrics`. */
  readonly metrics: MetricsEndpoint;
  listen(): Promise<AddressInfo>;
  /** Drains: readiness 503, protocol goodbyes, close 1001, terminate after the grace period. */
  close(): Promise<void>;
}

/** `unready`: closing was asked for, /readyz says 503 for `shutdownDelay` while the broker still serves. */
type State = 'created' | 'starting' | 'serving' | 'unready' | 'draining' | 'closed';

/**
 * The router of a broker: a throwing handler is the app's bug, logged with where it was called;
 * an engine outage is the operator's, logged in a few lines (engine-log.ts).
 */
function routerFor(
  options: JunctionOptions,
  limits: Limits,
  log: Logger,
  contracts: ContractRegistry,
  killSession: (id: number, reason: string) => boolean,
  repeats: RepeatedLines,
): Router {
  const router: Router = createRouter({
    killSession,
    defaultRealm: options.defaultRealm,
    realms: options.realms,
    limits,
    engine: options.engine,
    contracts,
    access: {
      permissions: options.auth?.permissions,
      authorize: options.authorize,
      authorizeTimeout: limits.authorizeTimeout,
      adminRoles: options.adminRoles ?? DEFAULT_ADMIN_ROLES,
    },
    // A handler that fails for every receiver of a message logs once a second per kind, with a count.
    onError: (err, context) => repeats.write(log, 'error', { err, ...context }, 'router handler failed', context.kind),
    onEngineStatus: logEngineStatus(log, () => router.engine.kind),
  });
  return router;
}

function contractsFor(options: JunctionOptions): ContractRegistry {
  const contracts = new ContractRegistry(createAjv());
  for (const [index, definition] of (options.contracts ?? []).entries()) {
    contracts.define(definition, `contracts[${index}]`);
  }
  return contracts;
}

/** Listens on the configured address; resolves with it. */
function listenOn(http: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve(http.address() as AddressInfo);
    });
  });
}

function wsUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `ws://${host}:${address.port}`;
}

/**
 * Creates a broker: the HTTP server and its upgrade gate, the plugins, the router and the
 * sessions, wired together. Nothing listens until `listen()`.
 */
export function createJunction(options: JunctionOptions): Junction {
  const limits = resolveLimits(options.limits);
  const log =
    typeof options.logger === 'object' ? options.logger : createLogger(options.logger ?? 'info', options.logFormat);
  const plugins = createRegistry(options.protocols, createAjv());
  const contracts = contractsFor(options);
  let sessions: SessionRegistry | undefined;
  const repeats = new RepeatedLines();
  // Another node's operator may kill a session of ours; the registry is made after the router.
  const kill = (id: number, reason: string) => sessions?.kill(id, reason) ?? false;
  const router = routerFor(options, limits, log, contracts, kill, repeats);
  const counters = new SessionCounters();
  // Every protocol's logins (and the handshake's tokens) go through this one authenticator:
  // failures are throttled per address, logged at warn and counted.
  const throttled = throttleFailures(options.authenticate ?? createStaticAuthenticator(options.auth, log), {
    failuresPerMinute: limits.authFailuresPerMinute,
    delay: limits.authFailureDelay,
    onEvent: (event) => sessions?.count(event),
  });
  const authenticate = observeAuthentication(throttled, log, counters);
  sessions = new SessionRegistry({ router, authenticate, log, limits, repeats }, counters);
  const engineUp = () => router.engine.notReadyReason() === undefined;
  const metrics = new MetricsEndpoint(createMetricsRegistry({ router, sessions, engineUp }), options.metrics);
  let state: State = 'created';
  let url = '';

  // Serving is not enough: a node whose engine is down would silently miss other nodes' traffic.
  const notReadyReason = (): string | undefined => {
    if (state === 'serving') return router.engine.notReadyReason();
    return state === 'created' || state === 'starting' ? 'starting' : 'draining';
  };
  // Sessions and HTTP requests still being read count toward the connection caps (admission.ts).
  const admission = new Admission(limits, () => sessions.size, sessions.addresses);
  const refusal = (address: string, socket?: Socket): string | undefined => {
    // While unready, load balancers still route to this node until they see /readyz: serve them.
    if (state !== 'serving' && state !== 'unready') return notReadyReason();
    return admission.refusal(address, socket);
  };
  const staticDir = options.staticDir ? resolvePath(options.staticDir) : undefined;
  const { allowedOrigins } = options;
  const admin = createAdmin({
    ...options,
    authenticate,
    router,
    log,
    loginTimeout: limits.handshakeTimeout,
    sessionCount: () => sessions.size,
    kill: (id, reason) => sessions.kill(id, reason),
  });
  const http: Server = createServer(
    // Node checks headersTimeout only this often (default 30 s): a keep-alive connection's later
    // requests are not pending in admission.ts, so this bounds how long they may trickle.
    { connectionsCheckingInterval: Math.min(30_000, limits.handshakeTimeout) },
    createHttpHandler({ notReadyReason, staticDir, mounted: admin.handle, metrics: metrics.route }),
  );
  http.headersTimeout = limits.handshakeTimeout;
  http.requestTimeout = limits.handshakeTimeout;
  http.on('connection', admission.onConnection);
  http.on('request', (req: IncomingMessage) => admission.settle(req.socket));
  const gate = new WebSocketGate({
    plugins,
    authenticate,
    allowedOrigins,
    limits,
    log,
    sessions,
    refusal: (req) => refusal(req.socket.remoteAddress ?? '', req.socket),
    settle: (socket) => admission.settle(socket as Socket),
  });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (admin.upgrade(req, socket, head)) admission.settle(socket);
    else gate.onUpgrade(req, socket, head);
  });

  return {
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
    stats: sessions.stats,
    metrics,
    accept(transport, plugin, handshake) {
      const reason = refusal(handshake.remoteAddress);
      if (reason === undefined) sessions.host(transport, plugin, null, handshake);
      else transport.connection.close(1013, reason);
    },
    async listen() {
      state = 'starting';
      for (const plugin of plugins) {
        const pluginLog = log.child({ protocol: plugin.name });
        await plugin.setup?.(createPluginContext(router, pluginLog, options.adminRoles ?? DEFAULT_ADMIN_ROLES));
      }
      await router.engine.start();
      const address = await listenOn(http, options.port ?? 8080, options.host ?? '127.0.0.1');
      await metrics.listen(options.host ?? '127.0.0.1');
      url = wsUrl(address);
      state = 'serving';
      const { kind, nodeId } = router.engine;
      const protocols = plugins.map((plugin) => plugin.name);
      log.info({ url, protocols, engine: kind, nodeId, metricsPort: metrics.port }, 'junction listening');
      return address;
    },
    async close() {
      if (state === 'closed' || state === 'draining' || state === 'unready') return;
      // A broker built and closed without listening (check-config) has nothing to report.
      const started = state !== 'created';
      if (started && limits.shutdownDelay > 0) {
        state = 'unready';
        await new Promise((resolve) => setTimeout(resolve, limits.shutdownDelay));
      }
      state = 'draining';
      await sessions.drain(limits.shutdownGrace);
      await router.engine.close();
      gate.close();
      admin.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      await metrics.close();
      state = 'closed';
      if (started) log.info({ url }, 'junction stopped');
    },
  };
}
