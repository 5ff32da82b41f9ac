/**
 * The admin API over HTTP on the broker's port (docs/admin.md): `/admin/api/*` behind the admin
 * guard (401 with a Basic challenge without credentials, 403 for a non-admin), JSON in and out,
 * request bodies bounded. The page itself (`/admin`) is served by admin-page.ts, without a login:
 * it holds no data, and asks for credentials itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandshakeInfo } from '../plugin/types.js';
import { type AdminGuard, parseAuthorization } from './admin-auth.js';
import { AdminError } from './admin-error.js';
import type { AdminService } from './admin-service.js';

/** Largest request body the admin API reads; a publish payload for a test message, not a bulk import. */
export const MAX_ADMIN_BODY = 64 * 1024;

/** The challenge a browser or curl answers with Basic credentials. */
export const ADMIN_CHALLENGE = 'Basic realm="junction admin", charset="UTF-8"';

type Handler = (service: AdminService, match: RegExpExecArray, url: URL, body: Record<string, unknown>) => unknown;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: RegExp;
  readonly handle: Handler;
}

const realmOf = (url: URL): string | undefined => url.searchParams.get('realm') ?? undefined;

const ROUTES: readonly Route[] = [
  { method: 'GET', path: /^sessions$/, handle: (s, _m, url) => s.sessions(realmOf(url)) },
  { method: 'GET', path: /^topics$/, handle: (s, _m, url) => s.topics(realmOf(url)) },
  { method: 'GET', path: /^queues$/, handle: (s, _m, url) => s.queues(realmOf(url)) },
  { method: 'GET', path: /^procedures$/, handle: (s, _m, url) => s.procedures(realmOf(url)) },
  { method: 'GET', path: /^realms$/, handle: (s) => s.realms() },
  { method: 'GET', path: /^stats$/, handle: (s) => s.stats() },
  { method: 'POST', path: /^sessions\/(\d+)\/kill$/, handle: (s, m, _u, body) => s.kill(Number(m[1]), body.reason) },
  { method: 'POST', path: /^publish$/, handle: (s, _m, _u, body) => s.publish(body) },
  {
    method: 'POST',
    path: /^queues\/([^/]+)\/purge$/,
    handle: (s, m, url, body) => s.purge(decodeURIComponent(m[1]!), body.realm ?? realmOf(url)),
  },
];

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Reads a JSON object body of at most MAX_ADMIN_BODY bytes; an empty body is `{}`. */
function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ADMIN_BODY) {
        // Stop reading; the 413 goes out with `connection: close`, which ends the upload.
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyError(413, `body larger than ${MAX_ADMIN_BODY} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          return reject(new BodyError(400, 'body must be a JSON object'));
        }
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new BodyError(400, 'body is not valid JSON'));
      }
    });
  });
}

class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

function handshakeOf(req: IncomingMessage, url: URL): HandshakeInfo {
  return {
    url,
    headers: req.headers as Record<string, string | undefined>,
    remoteAddress: req.socket.remoteAddress ?? '',
  };
}

/** Answers one `/admin/api/...` request: guard, route, run, JSON. */
export async function handleAdminApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  guard: AdminGuard,
  service: AdminService,
): Promise<void> {
  const verdict = await guard(parseAuthorization(req.headers.authorization), handshakeOf(req, url));
  if (verdict.status === 401) {
    return sendJson(res, 401, { error: 'authentication required' }, { 'www-authenticate': ADMIN_CHALLENGE });
  }
  if (verdict.status === 403) return sendJson(res, 403, { error: 'not an admin role' });
  const path = url.pathname.slice('/admin/api/'.length);
  const candidates = ROUTES.filter((route) => route.path.test(path));
  const route = candidates.find((candidate) => candidate.method === req.method);
  if (route === undefined) {
    if (candidates.length === 0) return sendJson(res, 404, { error: 'no such admin endpoint' });
    return sendJson(res, 405, { error: 'method not allowed' }, { allow: candidates.map((c) => c.method).join(', ') });
  }
  try {
    const body = route.method === 'POST' ? await readBody(req) : {};
    const result = await route.handle(service, route.path.exec(path)!, url, body);
    sendJson(res, 200, result);
  } catch (err) {
    if (err instanceof AdminError) return sendJson(res, err.status, { error: err.message });
    if (err instanceof BodyError) return sendJson(res, err.status, { error: err.message }, { connection: 'close' });
    throw err;
  }
}
