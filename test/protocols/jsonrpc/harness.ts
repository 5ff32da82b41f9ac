/**
 * Drives a JSON-RPC session without sockets: an in-memory Connection, a SessionContext like the
 * core's, and a real router.
 */

import { type JsonRpcOptions, jsonrpc } from '../../../protocols/jsonrpc/index.js';
import { createLogger } from '../../../src/common/logger.js';
import { AuthenticationError } from '../../../src/errors/table.js';
import type { Authenticator, Connection, Identity, MessageData, Session } from '../../../src/plugin/types.js';
import type { Router, SessionHandle } from '../../../src/router/index.js';

const log = createLogger('silent');

/** Allows anonymous clients and one user, alice / s3cret. */
export const allowAnonymous: Authenticator = async (request) => {
  if (request.method === 'anonymous') return { authid: 'anonymous', authrole: 'anonymous' };
  if (request.authid === 'alice' && request.secret === 's3cret') return { authid: 'alice', authrole: 'user' };
  throw new AuthenticationError('invalid credentials');
};

/** Like allowAnonymous, but anonymous clients must log in. */
export const requireLogin: Authenticator = async (request) => {
  if (request.method === 'anonymous') throw new AuthenticationError('anonymous access is disabled');
  return allowAnonymous(request);
};

/** A Connection that records what the session sends. */
export class MemoryConnection implements Connection {
  readonly protocol = null;
  readonly remoteAddress = '127.0.0.1';
  readonly bufferedAmount = 0;
  isOpen = true;
  closed: { code: number; reason: string } | undefined;
  readonly #queue: string[] = [];
  readonly #waiters: ((text: string) => void)[] = [];

  send(data: MessageData): boolean {
    if (!this.isOpen) return false;
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    const waiter = this.#waiters.shift();
    if (waiter) waiter(text);
    else this.#queue.push(text);
    return true;
  }

  close(code = 1000, reason = ''): void {
    this.isOpen = false;
    this.closed ??= { code, reason };
  }

  /** The next message the session sends, parsed. */
  next(timeoutMs = 10_000): Promise<unknown> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within timeout')), timeoutMs);
      this.#waiters.push((text) => {
        clearTimeout(timer);
        resolve(JSON.parse(text));
      });
    });
  }

  /** Resolves with the messages sent within `ms` (none expected, usually). */
  async quiet(ms = 50): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.#queue.splice(0);
  }
}

export interface TestClientOptions {
  readonly url?: string;
  readonly identity?: Identity;
  readonly authenticate?: Authenticator;
  readonly plugin?: JsonRpcOptions;
  /** The broker's `limits.maxDepth` (default 64). */
  readonly maxDepth?: number;
}

export interface TestClient {
  readonly connection: MemoryConnection;
  readonly session: Session;
  /** The session's router handle once it joined. */
  router(): SessionHandle | undefined;
  /** Sends a raw message (objects are JSON-encoded). */
  send(message: unknown): void;
  /** Sends a request with a fresh id and resolves with the next message. */
  request(method: string, params?: unknown): Promise<unknown>;
  /** The transport closes: onClose, then the router handle is released. */
  close(): void;
}

let nextSessionId = 1;

export function connect(router: Router, options: TestClientOptions = {}): TestClient {
  const connection = new MemoryConnection();
  const abort = new AbortController();
  const url = new URL(options.url ?? 'ws://127.0.0.1/');
  const sessionId = nextSessionId++;
  let sessionRouter: SessionHandle | undefined;
  const session = jsonrpc(options.plugin).createSession(connection, {
    sessionId,
    token: null,
    handshake: {
      url,
      headers: {},
      remoteAddress: '127.0.0.1',
      ...(options.identity && { identity: options.identity }),
    },
    authenticate: options.authenticate ?? allowAnonymous,
    log,
    signal: abort.signal,
    defaultRealm: router.defaultRealm,
    limits: { maxPayload: 1024 * 1024, handshakeTimeout: 10_000, maxDepth: options.maxDepth ?? 64 },
    hasRealm: (name) => router.hasRealm(name),
    join(realm, identity) {
      sessionRouter?.release();
      sessionRouter = router.openSession({ id: sessionId, realm, protocol: 'jsonrpc', ...identity });
      return sessionRouter;
    },
    get router() {
      return sessionRouter;
    },
    // No expiring identities here: test/auth/jwt-*.e2e.test.ts covers renewal on a real broker.
    renew: () => false,
  });
  let lastId = 0;
  const send = (message: unknown) => session.onMessage(typeof message === 'string' ? message : JSON.stringify(message));
  return {
    connection,
    session,
    router: () => sessionRouter,
    send,
    request(method, params) {
      send({ jsonrpc: '2.0', method, ...(params !== undefined && { params }), id: ++lastId });
      return connection.next();
    },
    close() {
      connection.isOpen = false;
      session.onClose?.(1000, '');
      abort.abort();
      sessionRouter?.release();
    },
  };
}
