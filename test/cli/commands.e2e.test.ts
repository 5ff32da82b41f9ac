/** `junction check-config`, `print-config` and `hash-secret`, as an operator runs them. */
import { describe, expect, it } from 'vitest';
import { createStaticAuthenticator } from '../../src/auth/index.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';

describe('junction check-config', () => {
  it('prints ok and exits 0 for a valid file', () => {
    const file = writeConfig({ realms: ['a', 'b'], protocols: { stomp: { maxFrameSize: 65536 } } });
    expect(runCli(['check-config', file])).toMatchObject({ status: 0, stdout: 'ok\n', stderr: '' });
  });

  it('prints the one-line error and exits 2 for an invalid file', () => {
    const result = runCli(['check-config', writeConfig({ limits: { maxPayload: 1 } })]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/\/limits\/maxPayload must be >= 1024/);
  });

  it('checks contracts the way startup does (an unresolvable $ref)', () => {
    const file = writeConfig({ contracts: [{ topic: 'a', publish: { $ref: 'nowhere.json' } }] });
    expect(runCli(['check-config', file])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^junction: /) });
  });

  it('needs exactly one file', () => {
    expect(runCli(['check-config'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('check-config <file>'),
    });
  });
});

describe('junction print-config', () => {
  it('prints the effective configuration after file, env and flags, with secrets redacted', () => {
    const file = writeConfig({
      port: 9001,
      realm: 'from-file',
      redis: 'redis://:hunter2@redis:6379',
      auth: {
        users: [{ authid: 'alice', secret: 'hunter2' }],
        tokens: [{ authid: 'svc', token: 'tok-0123456789abcdef' }],
      },
      protocols: { wamp: { wampcraUsers: { bob: { secret: 'hunter2' } } } },
    });
    const result = runCli(['print-config', '--config', file, '--port', '9003'], { JUNCTION_REALM: 'from-env' });
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({ port: 9003, realm: 'from-env', host: '127.0.0.1', logLevel: 'info' });
    expect(printed.auth.users[0]).toEqual({ authid: 'alice', secret: '[redacted]' });
    expect(printed.auth.tokens[0]).toEqual({ authid: 'svc', token: '[redacted]' });
    expect(result.stdout).not.toContain('hunter2');
    expect(result.stdout).not.toContain('tok-0123456789abcdef');
  });
});

describe('junction hash-secret', () => {
  it('prints an scrypt hash of the secret on stdin that the authenticator accepts', async () => {
    const result = runCli(['hash-secret'], {}, 'hunter2\n');
    expect(result.status).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const auth = createStaticAuthenticator({ allowAnonymous: false, users: [{ authid: 'alice', secret: hash }] });
    const request = { protocol: 'stomp', realm: 'realm1', authid: 'alice', secret: 'hunter2', method: 'password' };
    await expect(Promise.resolve(auth(request as never))).resolves.toMatchObject({ authid: 'alice' });
  });

  it('refuses an empty stdin with exit 2', () => {
    expect(runCli(['hash-secret'], {}, '')).toMatchObject({ status: 2, stderr: expect.stringContaining('stdin') });
  });
});
