/**
 * Keys and tokens for the JWT suites, made with jose in the test: a JWKS file with one key per
 * asymmetric algorithm, and the token kinds every protocol must accept or refuse.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'junction-test';

export type Alg = 'RS256' | 'ES256' | 'EdDSA';

export interface SigningKey {
  readonly alg: Alg | 'HS256';
  readonly kid: string;
  readonly key: CryptoKey | Uint8Array;
}

export interface KeyFiles {
  readonly dir: string;
  /** `{"keys": [...]}` with the public half of every key of `signing`. */
  readonly jwksFile: string;
  /** One PEM file per algorithm. */
  readonly pemFiles: Readonly<Record<Alg, string>>;
  readonly signing: Readonly<Record<Alg, SigningKey>>;
  /** Another ES256 key under the same kid: a token it signs has a wrong signature. */
  readonly impostor: SigningKey;
}

/** Generates an RSA, a P-256 and an Ed25519 key pair and writes their public halves to files. */
export async function makeKeyFiles(): Promise<KeyFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-jwt-'));
  const algs: Alg[] = ['RS256', 'ES256', 'EdDSA'];
  const signing = {} as Record<Alg, SigningKey>;
  const pemFiles = {} as Record<Alg, string>;
  const keys: object[] = [];
  for (const alg of algs) {
    const pair = await generateKeyPair(alg, { extractable: true });
    const kid = `kid-${alg.toLowerCase()}`;
    signing[alg] = { alg, kid, key: pair.privateKey };
    keys.push({ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' });
    pemFiles[alg] = join(dir, `${alg}.pem`);
    writeFileSync(pemFiles[alg], await exportSPKI(pair.publicKey));
  }
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys }));
  const impostorPair = await generateKeyPair('ES256');
  return { dir, jwksFile, pemFiles, signing, impostor: { ...signing.ES256, key: impostorPair.privateKey } };
}

const now = (): number => Math.floor(Date.now() / 1000);

export interface TokenClaims {
  readonly sub?: string;
  readonly role?: string;
  readonly iss?: string;
  readonly aud?: string;
  /** Seconds from now; default one hour. */
  readonly expiresIn?: number;
  /** Seconds from now; none by default. */
  readonly notBefore?: number;
  readonly extra?: JWTPayload;
}

/** Signs a token with `key`; the claims default to a valid token for `alice`/`editor`. */
export function signToken(key: SigningKey, claims: TokenClaims = {}): Promise<string> {
  const jwt = new SignJWT({ ...(claims.role !== '' && { role: claims.role ?? 'editor' }), ...claims.extra })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub ?? 'alice')
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(now() + (claims.expiresIn ?? 3600));
  if (claims.notBefore !== undefined) jwt.setNotBefore(now() + claims.notBefore);
  return jwt.sign(key.key);
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured JWT (RFC 7519 §6): header `{"alg":"none"}`, valid claims, an empty signature. */
export function unsignedToken(claims: JWTPayload = {}): string {
  const payload = { sub: 'alice', role: 'editor', iss: ISSUER, aud: AUDIENCE, exp: now() + 3600, ...claims };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** The token kinds of the suite: one valid, six that every protocol must refuse. */
export async function tokenKinds(keys: KeyFiles): Promise<{ valid: string; refused: Record<string, string> }> {
  const key = keys.signing.ES256;
  return {
    valid: await signToken(key),
    refused: {
      expired: await signToken(key, { expiresIn: -60 }),
      'not yet valid': await signToken(key, { notBefore: 3600 }),
      'wrong issuer': await signToken(key, { iss: 'https://elsewhere.test' }),
      'wrong audience': await signToken(key, { aud: 'another-service' }),
      'wrong signature': await signToken(keys.impostor),
      'alg none': unsignedToken(),
    },
  };
}
