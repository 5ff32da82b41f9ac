/**
 * The admin page's WebSocket (`/admin/ws`): JSON-RPC 2.0 without a subprotocol, answered by the
 * admin service, never by the protocol plugins (an operator is not a client of any realm, and
 * does not show up in the session lists). The operator is known from `?token=` or an
 * `Authorization` header at the handshake, or from the `login` method within the login time.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../common/logger.js';
import type { HandshakeInfo } from '../plugin/types.js';
import { type AdminCredentials, type AdminGuard, parseAuthorization } from './admin-auth.js';
import { AdminError } from './admin-error.js';
import { MAX_ADMIN_BODY } from './admin-http.js';
import type { AdminService } from './admin-service.js';
import { abortHandshake } from './handshake.js';

export interface AdminSocketOptions {
  readonly guard: AdminGuard;
  readonly service: AdminService;
  readonly log: Logger;
  readonly allowedOrigins?: readonly string[];
  /** Time to log in, in ms (the broker's handshake timeout). */
  readonly loginTimeout: number;
}

/** JSON-RPC error codes, as the JSON-RPC plugin numbers them (docs/jsonrpc.md). */
const Code = {
  PARSE: -32700,
  INVALID_REQUEST: -32600,
  NO_METHOD: -32601,
  INVALID_PARAMS: -32602,
  APPLICATION: -32000,
  LOGIN_REQUIRED: -32001,
  AUTH_FAILED: -32004,
  NOT_AUTHORIZED: -32005,
} as const;

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;

/** The methods an admin may call; each mirrors one HTTP endpoint (docs/admin.md). */
const METHODS: Readonly<Record<string, (service: AdminService, params: Params) => unknown>> = {
  sessions: (s, p) => s.sessions(text(p.realm)),
  topics: (s, p) => s.topics(text(p.realm)),
  queues: (s, p) => s.queues(text(p.realm)),
  procedures: (s, p) => s.procedures(text(p.realm)),
  realms: (s) => s.realms(),
  stats: (s) => s.stats(),
  kill: (s, p) => s.kill(p.id, p.reason),
  publish: (s, p) => s.publish(p),
  purge: (s, p) => s.purge(p.queue, p.realm),
  /** Everything the page shows, in one round trip per refresh. */
  snapshot: async (s, p) => {
    const realm = text(p.realm);
    const [realms, sessions, topics, queues, procedures] = await Promise.all([
      s.realms(),
      s.sessions(realm),
      s.topics(realm),
      s.queues(realm),
      s.procedures(realm),
    ]);
    return { stats: s.stats(), realms, sessions, topics, queues, procedures };
  },
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Same origin (the page itself) or one of `allowedOrigins`; no Origin (not a browser) passes. */
function originAllowed(req: IncomingMessage, allowed: readonly string[] | undefined): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed?.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function credentialsOf(req: IncomingMessage, url: URL): AdminCredentials | undefined {
  const token = url.searchParams.get('token');
  if (token !== null && token !== '') return { method: 'token', secret: token };
  return parseAuthorization(req.headers.authorization);
}

function loginCredentials(params: Params): AdminCredentials {
  if (typeof params.token === 'string') return { method: 'token', secret: params.token };
  if (typeof params.authid === 'string' && typeof params.secret === 'string') {
    return { method: 'password', authid: params.authid, secret: params.secret };
  }
  throw new RpcError(Code.INVALID_PARAMS, 'login needs {token} or {authid, secret}');
}

/**
 * Admin sockets open and not yet logged in: anyone can open one, so they are bounded (further
 * ones get 503) besides the login timeout; logged-in operators are not counted.
 */
export const MAX_PENDING_ADMIN_SOCKETS = 16;

export class AdminSocket {
  readonly #options: AdminSocketOptions;
  #pending = 0;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_ADMIN_BODY, perMessageDeflate: false });

  constructor(options: AdminSocketOptions) {
    this.#options = options;
  }

  /** The HTTP server's upgrade for `/admin/ws`: origin, then credentials if any were sent. */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    if (!originAllowed(req, this.#options.allowedOrigins)) return abortHandshake(socket, 403, 'origin not allowed');
    const handshake: HandshakeInfo = {
      url,
      headers: req.headers as Record<string, string | undefined>,
      remoteAddress: req.socket.remoteAddress ?? '',
    };
    const credentials = credentialsOf(req, url);
    let admin = false;
    if (credentials !== undefined) {
      const verdict = await this.#options.guard(credentials, handshake);
      if (verdict.status !== 200) return abortHandshake(socket, verdict.status, 'admin credentials refused');
      admin = true;
    }
    if (socket.destroyed) return;
    if (!admin && this.#pending >= MAX_PENDING_ADMIN_SOCKETS) return abortHandshake(socket, 503, 'too many logins');
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#serve(ws, admin, handshake));
  }

  close(): void {
    for (const client of this.#wss.clients) client.close(1001, 'server shutdown');
    this.#wss.close();
  }

  #serve(ws: WebSocket, loggedIn: boolean, handshake: HandshakeInfo): void {
    let admin = loggedIn;
    if (!admin) this.#pending++;
    const loggedOut = () => {
      if (!admin) this.#pending--;
    };
    const timer = setTimeout(() => {
      if (!admin) ws.close(1008, 'login timeout');
    }, this.#options.loginTimeout);
    timer.unref();
    ws.on('close', () => {
      clearTimeout(timer);
      loggedOut();
    });
    ws.on('error', (err) => this.#options.log.debug({ err }, 'admin socket error'));
    const login = async (params: Params) => {
      if (admin) return { admin: true };
      const verdict = await this.#options.guard(loginCredentials(params), handshake);
      if (verdict.status === 401) throw new RpcError(Code.AUTH_FAILED, 'authentication failed');
      if (verdict.status === 403) throw new RpcError(Code.NOT_AUTHORIZED, 'not an admin role');
      this.#pending--;
      admin = true;
      return { authid: verdict.identity.authid, authrole: verdict.identity.authrole };
    };
    ws.on('message', (data) => {
      void this.#answer(ws, data, (method, params) => {
        if (method === 'login') return login(params);
        if (!admin) throw new RpcError(Code.LOGIN_REQUIRED, 'login required');
        const handler = METHODS[method];
        if (handler === undefined) throw new RpcError(Code.NO_METHOD, `no such method: ${method}`);
        return handler(this.#options.service, params);
      });
    });
  }

  /** Decodes one request, runs it, sends the response (a notification gets none). */
  async #answer(ws: WebSocket, data: RawData, run: (method: string, params: Params) => unknown): Promise<void> {
    let id: unknown = null;
    // A notification (a request without id) gets no answer, not even an error (JSON-RPC 2.0 §4.1).
    let notification = false;
    const reply = (body: object) => {
      if (!notification) ws.send(JSON.stringify({ jsonrpc: '2.0', id, ...body }));
    };
    try {
      let request: { id?: unknown; method?: unknown; params?: unknown };
      try {
        request = JSON.parse(data.toString());
      } catch {
        throw new RpcError(Code.PARSE, 'parse error');
      }
      if (typeof request !== 'object' || request === null || typeof request.method !== 'string') {
        throw new RpcError(Code.INVALID_REQUEST, 'invalid request');
      }
      id = request.id ?? null;
      notification = request.id === undefined;
      const params = request.params ?? {};
      if (typeof params !== 'object' || params === null || Array.isArray(params)) {
        throw new RpcError(Code.INVALID_PARAMS, 'params must be an object');
      }
      reply({ result: await run(request.method, params as Params) });
    } catch (err) {
      reply({ error: this.#toError(err) });
    }
  }

  #toError(err: unknown): { code: number; message: string } {
    if (err instanceof RpcError) return { code: err.code, message: err.message };
    if (err instanceof AdminError) {
      return { code: err.status === 400 ? Code.INVALID_PARAMS : Code.APPLICATION, message: err.message };
    }
    this.#options.log.error({ err }, 'admin method failed');
    return { code: Code.APPLICATION, message: 'internal error' };
  }
}
