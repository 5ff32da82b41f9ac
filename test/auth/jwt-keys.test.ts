/**
 * The JWT verifier's keys and claims, through the built-in authenticator (no sockets): each
 * algorithm from a PEM file and from a JWKS, an HS256 secret, algorithm confusion, the identity
 * claims, and the configuration errors an operator sees at startup.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../cli/config.js';
import { createStaticAuthenticator } from '../../src/auth/index.js';
import type { AuthOptions } from '../../src/auth/static-authenticator.js';
import { AuthenticationError, JunctionError } from '../../src/errors/index.js';
import type { AuthRequest, Identity } from '../../src/plugin/types.js';
import { type Alg, AUDIENCE, ISSUER, type KeyFiles, makeKeyFiles, signToken, unsignedToken } from './jwt-fixtures.js';

let keys: KeyFiles;
beforeAll(async () => {
  keys = await makeKeyFiles();
});
afterAll(() => rmSync(keys.dir, { recursive: true, force: true }));

const handshake = { url: new URL('ws://127.0.0.1/'), headers: {}, remoteAddress: '127.0.0.1' };
const SECRET = 'x'.repeat(32);

function login(options: AuthOptions, secret: string, extra: Partial<AuthRequest> = {}): Promise<Identity> {
  const authenticate = createStaticAuthenticator({ allowAnonymous: false, ...options });
  return authenticate({ protocol: 'test', realm: 'realm1', method: 'token', secret, handshake, ...extra });
}

const algs: Alg[] = ['RS256', 'ES256', 'EdDSA'];

describe('JWT keys', () => {
  it.each(algs)('verifies %s from a PEM public key file', async (alg) => {
    const token = await signToken(keys.signing[alg]);
    await expect(login({ jwt: { publicKeyFile: keys.pemFiles[alg] } }, token)).resolves.toMatchObject({
      authid: 'alice',
      authrole: 'editor',
    });
  });

  it.each(algs)('verifies %s from a JWKS file, picking the key by kid', async (alg) => {
    const token = await signToken(keys.signing[alg]);
    await expect(login({ jwt: { jwksFile: keys.jwksFile } }, token)).resolves.toMatchObject({ authid: 'alice' });
  });

  it('verifies HS256 with a shared secret', async () => {
    const token = await signToken({ alg: 'HS256', kid: 'hs', key: new TextEncoder().encode(SECRET) });
    await expect(login({ jwt: { secret: SECRET } }, token)).resolves.toMatchObject({ authid: 'alice' });
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const pem = readFileSync(keys.pemFiles.RS256);
    const token = await signToken({ alg: 'HS256', kid: 'x', key: new Uint8Array(pem) });
    await expect(login({ jwt: { publicKeyFile: keys.pemFiles.RS256 } }, token)).rejects.toThrow(AuthenticationError);
  });

  it("refuses a token of another algorithm than the public key's", async () => {
    const token = await signToken(keys.signing.RS256);
    await expect(login({ jwt: { publicKeyFile: keys.pemFiles.ES256 } }, token)).rejects.toThrow('invalid token');
  });

  it('refuses alg none whatever the key source', async () => {
    for (const jwt of [{ secret: SECRET }, { publicKeyFile: keys.pemFiles.EdDSA }, { jwksFile: keys.jwksFile }]) {
      await expect(login({ jwt }, unsignedToken())).rejects.toThrow('invalid token');
    }
  });
});

describe('JWT claims', () => {
  it('sets expiresAt from exp, in ms', async () => {
    const token = await signToken(keys.signing.ES256, { expiresIn: 600 });
    const identity = await login({ jwt: { jwksFile: keys.jwksFile } }, token);
    const exp = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).exp as number;
    expect(identity.expiresAt).toBe(exp * 1000);
  });

  it('accepts a token without exp, which never expires', async () => {
    const token = await new SignJWT({ sub: 'svc' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
    await expect(login({ jwt: { secret: SECRET } }, token)).resolves.toEqual({ authid: 'svc', authrole: 'user' });
  });

  it('reads authid and authrole from the configured claims; no role claim means "user"', async () => {
    const jwt = { jwksFile: keys.jwksFile, authidClaim: 'email', authroleClaim: 'scope' };
    const token = await signToken(keys.signing.EdDSA, { extra: { email: 'a@example.test', scope: 'ops' } });
    await expect(login({ jwt }, token)).resolves.toMatchObject({ authid: 'a@example.test', authrole: 'ops' });
    const roleless = await signToken(keys.signing.EdDSA, { role: '', extra: { email: 'b@example.test' } });
    await expect(login({ jwt }, roleless)).resolves.toMatchObject({ authid: 'b@example.test', authrole: 'user' });
  });

  it('refuses a token without the authid claim', async () => {
    const token = await signToken(keys.signing.ES256);
    const jwt = { jwksFile: keys.jwksFile, authidClaim: 'email' };
    await expect(login({ jwt }, token)).rejects.toThrow('invalid token');
  });

  it('accepts any issuer and audience of a list', async () => {
    const jwt = { jwksFile: keys.jwksFile, issuer: ['https://a.test', ISSUER], audience: ['x', AUDIENCE] };
    await expect(login({ jwt }, await signToken(keys.signing.ES256))).resolves.toMatchObject({ authid: 'alice' });
  });

  it('takes a JWT as a WAMP ticket or password, and still checks users and static tokens', async () => {
    const options: AuthOptions = {
      jwt: { jwksFile: keys.jwksFile },
      users: [{ authid: 'joe', secret: 'joe-password' }],
      tokens: [{ token: 'static-token', authid: 'svc', authrole: 'service' }],
    };
    const token = await signToken(keys.signing.ES256);
    await expect(login(options, token, { method: 'ticket' })).resolves.toMatchObject({ authid: 'alice' });
    await expect(login(options, token, { method: 'ticket', authid: 'alice' })).resolves.toMatchObject({
      authid: 'alice',
    });
    await expect(login(options, token, { method: 'ticket', authid: 'joe' })).rejects.toThrow('invalid token');
    await expect(login(options, 'joe-password', { method: 'password', authid: 'joe' })).resolves.toMatchObject({
      authid: 'joe',
    });
    await expect(login(options, 'static-token')).resolves.toEqual({ authid: 'svc', authrole: 'service' });
  });
});

describe('JWT configuration errors', () => {
  const configError = (jwt: object) => {
    try {
      createStaticAuthenticator({ jwt } as AuthOptions);
    } catch (err) {
      return err instanceof JunctionError ? `${err.code} ${err.message}` : String(err);
    }
    return 'no error';
  };

  it('needs exactly one key source', () => {
    expect(configError({})).toMatch(/^JNC_ERR_AUTH_CONFIG .*exactly one of secret, publicKeyFile, jwksFile/);
    expect(configError({ secret: SECRET, jwksFile: keys.jwksFile })).toMatch(/exactly one/);
  });

  it('refuses a short HS256 secret', () => {
    expect(configError({ secret: 'short' })).toMatch(/at least 32 bytes/);
  });

  it('names a key file that is missing or not a key', async () => {
    expect(configError({ publicKeyFile: join(keys.dir, 'missing.pem') })).toMatch(
      /cannot read publicKeyFile .*missing\.pem/,
    );
    expect(configError({ jwksFile: keys.pemFiles.ES256 })).toMatch(/jwksFile .* is not a JSON Web Key Set/);
    expect(configError({ publicKeyFile: keys.jwksFile })).toMatch(/is not a PEM public key/);
    const p384 = join(keys.dir, 'p384.pem');
    writeFileSync(p384, await exportSPKI((await generateKeyPair('ES384', { extractable: true })).publicKey));
    expect(configError({ publicKeyFile: p384 })).toMatch(/RSA, EC P-256 or Ed25519 expected/);
  });

  it('validates auth.jwt in the config file', () => {
    const file = join(keys.dir, 'junction.json');
    writeFileSync(file, JSON.stringify({ auth: { jwt: { secret: SECRET, jwksFile: 'x.json' } } }));
    expect(() => resolveConfig({ config: file }, {})).toThrow(ConfigError);
    writeFileSync(file, JSON.stringify({ auth: { jwt: { jwksFile: 'x.json', subClaim: 'sub' } } }));
    expect(() => resolveConfig({ config: file }, {})).toThrow(
      /\/auth\/jwt must NOT have additional properties 'subClaim'/,
    );
    writeFileSync(file, JSON.stringify({ auth: { jwt: { jwksFile: 'x.json', issuer: ['a'], audience: 'b' } } }));
    expect(resolveConfig({ config: file }, {}).auth?.jwt).toEqual({ jwksFile: 'x.json', issuer: ['a'], audience: 'b' });
  });
});
