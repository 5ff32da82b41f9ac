/**
 * `auth.jwt` from the config file, through the built `junction` command: a key file that cannot
 * be read stops the broker with one line, and a broker keyed from a PEM file logs in a client with
 * a token, refuses a bad one and logs why (at info) while the client only hears "invalid token".
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, type LogLine, startCli } from '../helpers/cli-process.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { eventually } from '../helpers/eventually.js';
import { jsonrpcLogin } from './jwt-clients.js';
import { AUDIENCE, ISSUER, type KeyFiles, makeKeyFiles, signToken } from './jwt-fixtures.js';

let keys: KeyFiles;
beforeAll(async () => {
  keys = await makeKeyFiles();
});
afterAll(() => rmSync(keys.dir, { recursive: true, force: true }));

describe('auth.jwt in the config file', () => {
  it('stops with one line naming a key file that cannot be read, and check-config says so too', () => {
    const missing = join(keys.dir, 'missing-jwks.json');
    const file = writeConfig({ auth: { jwt: { jwksFile: missing } } });
    const result = runCli(['--config', file, '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`junction: Invalid auth.jwt: cannot read jwksFile ${missing}`);
    const check = runCli(['check-config', file]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain(`junction: Invalid auth.jwt: cannot read jwksFile ${missing}`);
  });

  describe('a broker keyed with a PEM file', () => {
    let cli: CliProcess;
    const lines: LogLine[] = [];

    beforeAll(async () => {
      const jwt = { publicKeyFile: keys.pemFiles.EdDSA, issuer: ISSUER, audience: AUDIENCE };
      cli = await startCli(['--config', writeConfig({ auth: { allowAnonymous: false, jwt } })]);
      cli.child.stdout.on('data', (chunk: Buffer) => {
        for (const text of chunk.toString().split('\n')) if (text.startsWith('{')) lines.push(JSON.parse(text));
      });
    });
    afterAll(() => {
      cli?.child.kill('SIGTERM');
    });

    it('logs in a client with a token of that key', async () => {
      const login = await jsonrpcLogin(cli.match, await signToken(keys.signing.EdDSA));
      expect(login).toMatchObject({ ok: true, authid: 'alice', authrole: 'editor' });
      login.peer.close();
    });

    it('tells the client only "invalid token" and logs the reason at info', async () => {
      const login = await jsonrpcLogin(cli.match, await signToken(keys.signing.EdDSA, { expiresIn: -10 }));
      expect(login).toMatchObject({ ok: false, refusal: '-32004 authentication failed: invalid token' });
      login.peer.close();
      await eventually(() => expect(lines.find((line) => line.reason === 'ERR_JWT_EXPIRED')).toBeDefined());
      const line = lines.find((entry) => entry.reason === 'ERR_JWT_EXPIRED');
      expect(line).toMatchObject({ level: 30, msg: expect.stringMatching(/^JWT refused: "exp" claim/) });
    });
  });
});
