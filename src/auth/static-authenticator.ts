/**
 * The core authenticator used by every protocol: anonymous access (on by default), static users
 * with scrypt-hashed secrets, and static bearer tokens (SHA-256 hashed: they are long random
 * strings, so a slow hash buys nothing). A custom `authenticate` function replaces all of it.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AuthenticationError } from '../errors/table.js';
import type { PermissionRule } from '../plugin/index.js';
import type { Authenticator, AuthRequest, Identity } from '../plugin/types.js';

export interface StaticUser {
  readonly authid: string;
  /** `scrypt$<salt base64>$<hash base64>` (see `hashSecret`), or a plain secret (hashed at startup). */
  readonly secret: string;
  /** Default 'user'. */
  readonly authrole?: string;
}

export interface StaticToken {
  /** SHA-256 of the token, hex; or `token` with the plain value. */
  readonly sha256?: string;
  readonly token?: string;
  readonly authid: string;
  readonly authrole?: string;
}

export interface AuthOptions {
  /** Allow clients that present no credentials, as authid/authrole 'anonymous'. Default true. */
  readonly allowAnonymous?: boolean;
  readonly users?: readonly StaticUser[];
  readonly tokens?: readonly StaticToken[];
  /**
   * Who may publish, subscribe, call and register what, by authrole (docs/security.md). Absent:
   * every role may do everything, within the invariants that always hold.
   */
  readonly permissions?: readonly PermissionRule[];
}

const SCRYPT_KEY_LENGTH = 32;

/** Hashes a secret for the `users` option: `scrypt$<salt>$<hash>`. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, SCRYPT_KEY_LENGTH);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const scryptAsync = promisify(scrypt) as (secret: string, salt: Buffer, length: number) => Promise<Buffer>;

/** Async scrypt: a login must not block the event loop for every other session. */
async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** `anonymous-` and 48 random bits: unique enough to tell sessions apart in logs, never a user's name. */
function anonymousAuthid(): string {
  return `anonymous-${randomBytes(6).toString('hex')}`;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Builds the default authenticator from static options. */
export function createStaticAuthenticator(options: AuthOptions = {}): Authenticator {
  const allowAnonymous = options.allowAnonymous ?? true;
  const users = new Map<string, StaticUser & { secret: string }>();
  for (const user of options.users ?? []) {
    const secret = user.secret.startsWith('scrypt$') ? user.secret : hashSecret(user.secret);
    users.set(user.authid, { ...user, secret });
  }
  const tokens = new Map<string, Identity>();
  for (const entry of options.tokens ?? []) {
    const digest = entry.sha256 ?? (entry.token !== undefined ? sha256(entry.token) : undefined);
    if (digest) tokens.set(digest.toLowerCase(), { authid: entry.authid, authrole: entry.authrole ?? 'user' });
  }

  // An unknown authid costs one scrypt too, against a hash nobody's secret matches: the answer
  // time must not tell a prober which users exist.
  const dummy = hashSecret(randomBytes(16).toString('base64'));

  return async (request: AuthRequest): Promise<Identity> => {
    if (request.method === 'anonymous' || (request.secret === undefined && request.authid === undefined)) {
      // The broker names anonymous sessions: an authid a client claims would let it receive what
      // is published for that user (`eligible_authid`).
      if (allowAnonymous) return { authid: anonymousAuthid(), authrole: 'anonymous' };
      throw new AuthenticationError('anonymous access is disabled');
    }
    if (request.method === 'token') {
      const identity = request.secret === undefined ? undefined : tokens.get(sha256(request.secret));
      if (!identity) throw new AuthenticationError('invalid token');
      return identity;
    }
    const user = request.authid === undefined ? undefined : users.get(request.authid);
    const verified = await verifySecret(request.secret ?? '', user?.secret ?? dummy);
    if (user === undefined || request.secret === undefined || !verified) {
      throw new AuthenticationError('invalid credentials');
    }
    return { authid: user.authid, authrole: user.authrole ?? 'user' };
  };
}
