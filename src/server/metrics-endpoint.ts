/**
 * `GET /metrics`: the Prometheus text exposition of a broker's registry, on the broker's port and,
 * when `metrics.port` is set, on a port of its own (kept off the public listener by a firewall).
 * With `metrics.token`, a scrape must send `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { addProcessMetrics } from './metrics.js';
import type { MetricsOptions } from './options.js';

/** Compares digests, so the time a refusal takes says nothing about the token. */
function tokenMatches(expected: string, authorization: string | undefined): boolean {
  if (!authorization?.toLowerCase().startsWith('bearer ')) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(authorization.slice(7).trim()));
}

/** Answers a request for `/metrics` from `registry`. */
export function serveMetrics(
  registry: Registry,
  token: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (token !== undefined && !tokenMatches(token, req.headers.authorization)) {
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
    res.end('Unauthorized\n');
    return;
  }
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    },
    () => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('metrics collection failed\n');
    },
  );
}

/**
 * The `/metrics` route of the broker's port, and the optional server of its own. Nothing
 * listens until `listen()`, and only when `options.port` is set.
 */
export class MetricsEndpoint {
  readonly #registry: Registry;
  readonly #options: MetricsOptions;
  #server: Server | undefined;
  #withProcess = false;

  constructor(registry: Registry, options: MetricsOptions = {}) {
    this.#registry = registry;
    this.#options = options;
  }

  /** The broker's prom-client Registry, with the process metrics added on first use. */
  get registry(): Registry {
    if (!this.#withProcess) {
      this.#withProcess = true;
      addProcessMetrics(this.#registry);
    }
    return this.#registry;
  }

  /** The broker port's handler for `/metrics`. */
  readonly route = (req: IncomingMessage, res: ServerResponse): void =>
    serveMetrics(this.registry, this.#options.token, req, res);

  /** The port of the metrics server, once listening; undefined without `metrics.port`. */
  get port(): number | undefined {
    return this.#server === undefined ? undefined : (this.#server.address() as AddressInfo).port;
  }

  /** Starts the metrics server on `host` when `metrics.port` is set. */
  async listen(host: string): Promise<void> {
    const { port } = this.#options;
    if (port === undefined || this.#server !== undefined) return;
    const server = createServer((req, res) => {
      if (new URL(req.url ?? '/', 'http://localhost').pathname === '/metrics') return this.route(req, res);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
