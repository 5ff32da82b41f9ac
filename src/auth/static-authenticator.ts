/**
 * The core authenticator used by every protocol: anonymous access (on by default), static users
 * with scrypt-hashed secrets, static bearer tokens (SHA-256 hashed: they are long random
 * strings, so a slow hash buys nothing) and JWTs (`jwt`, see jwt.ts). A custom `authenticate`
 * function replaces all of it.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from '../common/logger.js';
import { AuthenticationError } from '../errors/table.js';
import type { PermissionRule } from '../plugin/index.js';
import type { Authenticator, AuthRequest, Identity } from '../plugin/types.js';
import { createJwtVerifier, type JwtOptions, looksLikeJwt } from './jwt.js';

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
  /** Accept JWTs wherever a token, ticket or password is presented (docs/jwt.md). */
  readonly jwt?: JwtOptions;
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

/**
 * Builds the default authenticator from static options. `log` hears why a JWT was refused (at
 * info): the client only ever hears 'invalid token'.
 */
export function createStaticAuthenticator(options: AuthOptions = {}, log?: Logger): Authenticator {
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
  const verifyJwt = options.jwt === undefined ? undefined : jwtAuthenticator(options.jwt, log);

  return async (request: AuthRequest): Promise<Identity> => {
    if (request.method === 'anonymous' || (request.secret === undefined && request.authid === undefined)) {
      // The broker names anonymous sessions: an authid a client claims would let it receive what
      // is published for that user (`eligible_authid`).
      if (allowAnonymous) return { authid: anonymousAuthid(), authrole: 'anonymous' };
      throw new AuthenticationError('anonymous access is disabled');
    }
    // A JWT may come as a token, a WAMP ticket or a password: its shape tells it from a secret
    // (three base64url parts, the first `eyJ`), so no protocol needs to know about JWTs.
    if (verifyJwt !== undefined && request.secret !== undefined && looksLikeJwt(request.secret)) {
      const fixed = request.method === 'token' ? tokens.get(sha256(request.secret)) : undefined;
      return fixed ?? verifyJwt(request.secret, request.authid);
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

/**
 * Verifies a JWT and refuses it as any bad token: the reason (expired, bad signature, wrong
 * issuer, …) goes to the log, never to the client, which could otherwise probe the key setup.
 * A client that also names an authid (WAMP HELLO, STOMP `login`) must name the token's.
 */
function jwtAuthenticator(options: JwtOptions, log: Logger | undefined) {
  const verify = createJwtVerifier(options);
  return async (token: string, claimedAuthid: string | undefined): Promise<Identity> => {
    let identity: Identity;
    try {
      identity = await verify(token);
    } catch (err) {
      const { code, message } = err as { code?: string; message?: string };
      log?.info({ reason: code ?? message }, `JWT refused: ${message ?? code}`);
      throw new AuthenticationError('invalid token', { cause: err });
    }
    if (claimedAuthid !== undefined && claimedAuthid !== identity.authid) {
      log?.info({ reason: 'authid mismatch', authid: claimedAuthid }, 'JWT refused: the client claims another authid');
      throw new AuthenticationError('invalid token');
    }
    return identity;
  };
}
