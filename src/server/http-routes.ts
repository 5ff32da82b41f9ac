/**
 * Plain HTTP on the broker's port: `/healthz` (the process serves), `/readyz` (it accepts
 * connections: 503 while starting or draining), and an optional static directory for demo pages.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export interface HttpRoutesOptions {
  /** Returns undefined when ready, or why not. */
  notReadyReason(): string | undefined;
  readonly staticDir?: string;
  /** Routes mounted before the static files (the admin surface); true when it answered. */
  readonly mounted?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Answers `/metrics` (metrics-endpoint.ts); absent = 426 like any other path. */
  readonly metrics?: (req: IncomingMessage, res: ServerResponse) => void;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function serveStatic(dir: string, pathname: string, res: ServerResponse): Promise<boolean> {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const file = join(dir, relative === '' ? 'index.html' : relative);
  if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return false;
  const info = await stat(file).catch(() => undefined);
  const target = info?.isDirectory() ? join(file, 'index.html') : file;
  const targetInfo = info?.isDirectory() ? await stat(target).catch(() => undefined) : info;
  if (!targetInfo?.isFile()) return false;
  res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream' });
  createReadStream(target).pipe(res);
  return true;
}

export function createHttpHandler(options: HttpRoutesOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (pathname === '/readyz') {
      const reason = options.notReadyReason();
      sendJson(res, reason ? 503 : 200, reason ? { status: 'unavailable', reason } : { status: 'ready' });
      return;
    }
    if (pathname === '/metrics' && options.metrics) {
      options.metrics(req, res);
      return;
    }
    if (options.mounted?.(req, res)) return;
    const fallback = (): void => {
      res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      res.end('Junction speaks WebSocket here: STOMP, WAMP v2 or JSON-RPC 2.0.\n');
    };
    if (!options.staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) {
      fallback();
      return;
    }
    // A GET inside the static directory that finds no file is a plain 404 (browsers ask for
    // /favicon.ico); 426 would tell them to upgrade a request that can never become a WebSocket.
    const notFound = (): void => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    };
    serveStatic(options.staticDir, pathname, res)
      .then((served) => {
        if (!served) notFound();
      })
      .catch(() => notFound());
  };
}
