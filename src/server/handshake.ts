/**
 * The HTTP side of the upgrade: readiness, origin, connection cap, negotiation and token
 * authentication, each refused with an HTTP status before the 101 (ws's abortHandshake pattern).
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { JunctionError } from '../errors/table.js';
import type { Authenticator, HandshakeInfo, Identity, ProtocolPlugin } from '../plugin/types.js';
import { negotiate, type Selection } from './negotiation.js';
import { originAllowed } from './origin.js';

export interface HandshakePolicy {
  readonly plugins: readonly ProtocolPlugin[];
  readonly authenticate: Authenticator;
  readonly allowedOrigins?: readonly string[];
  /** Why this request's connection is refused right now (starting, draining, full), or undefined. */
  refusal(req: IncomingMessage): string | undefined;
}

export interface AcceptedHandshake {
  readonly selection: Selection;
  readonly info: HandshakeInfo;
}

/** Writes an HTTP error response on a raw upgrade socket and destroys it. */
export function abortHandshake(socket: Duplex, status: number, message: string): void {
  if (socket.writable) {
    const body = `${message}\n`;
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * The request as its session sees it, for the session's whole life. The URL is parsed when read
 * (at login, rarely later), not kept parsed beside every idle connection (issue 13).
 */
class RequestInfo implements HandshakeInfo {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly remoteAddress: string;
  readonly identity?: Identity;
  readonly #path: string;

  constructor(path: string, headers: RequestInfo['headers'], remoteAddress: string, identity?: Identity) {
    this.#path = path;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    if (identity !== undefined) this.identity = identity;
  }

  get url(): URL {
    return new URL(this.#path, 'ws://localhost');
  }

  withIdentity(identity: Identity): RequestInfo {
    return new RequestInfo(this.#path, this.headers, this.remoteAddress, identity);
  }
}

/**
 * Headers that only carried the WebSocket handshake itself (RFC 6455 §4.1): spent once the 101 is
 * written, so a session does not keep them for its whole life (issue 13: idle memory).
 */
const HANDSHAKE_ONLY = new Set([
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
]);

function handshakeInfo(req: IncomingMessage): RequestInfo {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (HANDSHAKE_ONLY.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new RequestInfo(req.url ?? '/', headers, req.socket.remoteAddress ?? '');
}

/** A bearer token from `Authorization: Bearer …` or `?token=` (browsers cannot set headers). */
function presentedToken(info: HandshakeInfo): string | undefined {
  const authorization = info.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  return info.url.searchParams.get('token') ?? undefined;
}

/** Decides whether an upgrade request may proceed; the error carries the HTTP status. */
export async function checkHandshake(
  req: IncomingMessage,
  policy: HandshakePolicy,
): Promise<AcceptedHandshake | JunctionError> {
  const refusal = policy.refusal(req);
  if (refusal) return new JunctionError('JNC_ERR_HANDSHAKE_UNAVAILABLE', [refusal]);
  const { origin, host } = req.headers;
  if (!originAllowed(origin, host, policy.allowedOrigins)) {
    return new JunctionError('JNC_ERR_HANDSHAKE_ORIGIN', [origin ?? '']);
  }
  const negotiation = negotiate(req.headers['sec-websocket-protocol'], policy.plugins);
  if (!negotiation.ok) return negotiation.error;
  let info = handshakeInfo(req);
  const token = presentedToken(info);
  if (token !== undefined) {
    try {
      const identity = await policy.authenticate({
        protocol: negotiation.selection.plugin.name,
        realm: info.url.searchParams.get('realm') ?? '',
        secret: token,
        method: 'token',
        handshake: info,
      });
      info = info.withIdentity(identity);
    } catch (err) {
      return new JunctionError('JNC_ERR_HANDSHAKE_UNAUTHORIZED', [(err as Error).message]);
    }
  }
  return { selection: negotiation.selection, info };
}
