/**
 * Who may use the admin API: the operators of `admin.users`/`admin.tokens`, or any identity the
 * broker's own authenticator accepts whose authrole is one of `adminRoles`. Credentials come as
 * HTTP Basic (authid + secret) or `Authorization: Bearer <token>`; secrets are never logged.
 */
import { type AuthOptions, createStaticAuthenticator, type StaticToken, type StaticUser } from '../auth/index.js';
import type { Logger } from '../common/logger.js';
import type { Authenticator, AuthRequest, HandshakeInfo, Identity } from '../plugin/types.js';

/** The `admin` option of createJunction: operators of the admin API (docs/admin.md). */
export interface AdminOptions {
  /** Operators with authid + secret (`scrypt$...` from `hashSecret`, or plain, hashed at startup). */
  readonly users?: readonly StaticUser[];
  /** Operators with bearer tokens (`sha256` of the token, or the plain `token`). */
  readonly tokens?: readonly StaticToken[];
}

/** Credentials taken from a request: a password (Basic, or a login method) or a bearer token. */
export type AdminCredentials =
  | { readonly method: 'password'; readonly authid: string; readonly secret: string }
  | { readonly method: 'token'; readonly secret: string };

/** The outcome of an admin login: an admin, bad or missing credentials (401), or not an admin (403). */
export type AdminVerdict =
  | { readonly status: 200; readonly identity: Identity }
  | { readonly status: 401 }
  | { readonly status: 403; readonly identity: Identity };

export type AdminGuard = (credentials: AdminCredentials | undefined, handshake: HandshakeInfo) => Promise<AdminVerdict>;

export interface AdminGuardOptions {
  readonly admin?: AdminOptions;
  readonly adminRoles: readonly string[];
  /** The broker's authenticator, for users whose authrole is an admin role. */
  readonly authenticate: Authenticator;
  readonly defaultRealm: string;
  readonly log: Logger;
}

/**
 * Whether the admin API is on: `admin` was given, or the built-in authenticator knows a user or
 * token with an admin role. Off means 404, so a broker without operators exposes nothing.
 */
export function adminEnabled(
  admin: AdminOptions | undefined,
  auth: AuthOptions | undefined,
  adminRoles: readonly string[],
): boolean {
  if (admin !== undefined) return true;
  const entries = [...(auth?.users ?? []), ...(auth?.tokens ?? [])];
  return entries.some((entry) => adminRoles.includes(entry.authrole ?? 'user'));
}

/** Reads `Authorization: Basic ...` or `Authorization: Bearer ...`; undefined when absent or malformed. */
export function parseAuthorization(header: string | undefined): AdminCredentials | undefined {
  const match = /^(\w+) +(\S+)\s*$/.exec(header ?? '');
  if (match === null) return undefined;
  const scheme = match[1]!.toLowerCase();
  if (scheme === 'bearer') return { method: 'token', secret: match[2]! };
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { method: 'password', authid: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** Builds the guard every admin request and admin socket login goes through. */
export function createAdminGuard(options: AdminGuardOptions): AdminGuard {
  const { adminRoles, authenticate, defaultRealm, log } = options;
  // Admin operators are admins by definition; their own role, when set, is only a label.
  const authrole = adminRoles[0] ?? 'admin';
  const operators = createStaticAuthenticator({
    allowAnonymous: false,
    users: (options.admin?.users ?? []).map((user) => ({ authrole, ...user })),
    tokens: (options.admin?.tokens ?? []).map((token) => ({ authrole, ...token })),
  });
  return async (credentials, handshake) => {
    if (credentials === undefined) return { status: 401 };
    const request: AuthRequest = { ...credentials, protocol: 'admin', realm: defaultRealm, handshake };
    const operator = await operators(request).catch(() => undefined);
    if (operator !== undefined) return { status: 200, identity: operator };
    const identity = await authenticate(request).catch(() => undefined);
    const authid = credentials.method === 'password' ? credentials.authid : undefined;
    if (identity === undefined || identity.authrole === 'anonymous') {
      log.info({ authid, method: credentials.method, remote: handshake.remoteAddress }, 'admin login refused');
      return { status: 401 };
    }
    if (adminRoles.includes(identity.authrole)) return { status: 200, identity };
    log.info({ authid: identity.authid, authrole: identity.authrole }, 'admin access refused: not an admin role');
    return { status: 403, identity };
  };
}
