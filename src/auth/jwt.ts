/**
 * JWT bearer tokens (RFC 7519), verified with `jose`: the key is read once at startup (an HS256
 * secret, a PEM public key file, or a JWKS file), the algorithm is one of an allow-list (never
 * `none`), and `exp`, `nbf`, `iss` and `aud` are checked. The identity comes from two claims;
 * `exp` becomes `Identity.expiresAt`, so the session ends when the token does.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { JunctionError } from '../errors/table.js';
import type { Identity } from '../plugin/types.js';

export interface JwtOptions {
  /** HS256 shared secret (UTF-8, at least 32 bytes: RFC 7518 §3.2 wants a key as long as the hash). */
  readonly secret?: string;
  /** PEM (SPKI) public key file: RSA for RS256, P-256 for ES256, Ed25519 for EdDSA. */
  readonly publicKeyFile?: string;
  /** JSON Web Key Set file (`{"keys": [...]}`), public keys only; a token's `kid` picks among them. */
  readonly jwksFile?: string;
  /** Required `iss`; a list accepts any of them. */
  readonly issuer?: string | readonly string[];
  /** Required `aud` (one of the token's audiences must match); a list accepts any of them. */
  readonly audience?: string | readonly string[];
  /** Claim holding the authid. Default 'sub'. */
  readonly authidClaim?: string;
  /** Claim holding the authrole. Default 'role'; a token without it gets 'user'. */
  readonly authroleClaim?: string;
}

/** Verifies one token: its identity, or a rejection whose message says why (for the log only). */
export type JwtVerifier = (token: string) => Promise<Identity>;

/** The only algorithms accepted; `none` and anything unlisted are refused before any key is used. */
export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256', 'EdDSA'] as const;

/** The authrole of a token that carries no role claim: the same default as static users. */
export const DEFAULT_JWT_ROLE = 'user';

/** Three base64url parts, the first a JSON object (`eyJ` is base64url for `{"`). */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/;

/** Whether a presented secret has the shape of a JWT (tells a ticket or password from a token). */
export function looksLikeJwt(value: string): boolean {
  return JWT_SHAPE.test(value);
}

interface Keyed {
  readonly key: Uint8Array | KeyObject | JWTVerifyGetKey;
  readonly algorithms: string[];
}

function configError(reason: string, cause?: unknown): JunctionError {
  return new JunctionError('JNC_ERR_AUTH_CONFIG', [reason], cause === undefined ? undefined : { cause });
}

function readKeyFile(kind: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw configError(`cannot read ${kind} ${path}: ${(err as Error).message}`, err);
  }
}

/** The algorithm a public key is used with, from its type: one key, one algorithm. */
function algorithmOf(key: KeyObject, path: string): string {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (type === 'ed25519') return 'EdDSA';
  throw configError(`publicKeyFile ${path} is a ${type ?? 'unknown'} key; RSA, EC P-256 or Ed25519 expected`);
}

/** Reads the key once, at startup: a bad key is a configuration error, not a failed login. */
function keyFor(options: JwtOptions): Keyed {
  const sources = [options.secret, options.publicKeyFile, options.jwksFile].filter((s) => s !== undefined);
  if (sources.length !== 1) throw configError('needs exactly one of secret, publicKeyFile, jwksFile');
  if (options.secret !== undefined) {
    const key = new TextEncoder().encode(options.secret);
    if (key.length < 32) throw configError('secret must be at least 32 bytes for HS256');
    return { key, algorithms: ['HS256'] };
  }
  if (options.publicKeyFile !== undefined) {
    const path = options.publicKeyFile;
    let key: KeyObject;
    try {
      key = createPublicKey(readKeyFile('publicKeyFile', path));
    } catch (err) {
      if (err instanceof JunctionError) throw err;
      throw configError(`publicKeyFile ${path} is not a PEM public key`, err);
    }
    return { key, algorithms: [algorithmOf(key, path)] };
  }
  const path = options.jwksFile as string;
  try {
    const set = JSON.parse(readKeyFile('jwksFile', path)) as JSONWebKeySet;
    // A JWKS holds public keys only (jose refuses `oct` members), so HS256 is not offered here.
    return { key: createLocalJWKSet(set), algorithms: ['RS256', 'ES256', 'EdDSA'] };
  } catch (err) {
    if (err instanceof JunctionError) throw err;
    throw configError(`jwksFile ${path} is not a JSON Web Key Set`, err);
  }
}

function claimString(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Builds the verifier; throws JNC_ERR_AUTH_CONFIG when the key cannot be read. */
export function createJwtVerifier(options: JwtOptions): JwtVerifier {
  const { key, algorithms } = keyFor(options);
  const authidClaim = options.authidClaim ?? 'sub';
  const authroleClaim = options.authroleClaim ?? 'role';
  const verifyOptions = {
    algorithms,
    ...(options.issuer !== undefined && { issuer: options.issuer as string | string[] }),
    ...(options.audience !== undefined && { audience: options.audience as string | string[] }),
  };
  return async (token) => {
    // jose checks the signature, then exp and nbf (against now), iss and aud when configured.
    // (Two calls: jose's overloads take a key or a key-set function, not a union of both.)
    const { payload } =
      typeof key === 'function'
        ? await jwtVerify(token, key, verifyOptions)
        : await jwtVerify(token, key, verifyOptions);
    const authid = claimString(payload, authidClaim);
    if (authid === undefined) throw new Error(`the token has no "${authidClaim}" claim`);
    const authrole = claimString(payload, authroleClaim) ?? DEFAULT_JWT_ROLE;
    return payload.exp === undefined ? { authid, authrole } : { authid, authrole, expiresAt: payload.exp * 1000 };
  };
}
