import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../cli/args.js';
import { ConfigError, resolveConfig } from '../../cli/config.js';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'junction-config-')), 'junction.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('resolveConfig', () => {
  it('uses the documented defaults without flags, env or file', () => {
    expect(resolveConfig({}, {})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      realm: 'realm1',
      logLevel: 'info',
    });
  });

  it('lets flags override env, and env override the file', () => {
    const config = configFile({ port: 9001, realm: 'from-file', host: '0.0.0.0' });
    const env = { JUNCTION_CONFIG: config, JUNCTION_PORT: '9002', JUNCTION_REALM: 'from-env' };
    expect(resolveConfig({ realm: 'from-flag' }, env)).toMatchObject({
      port: 9002,
      realm: 'from-flag',
      host: '0.0.0.0',
    });
  });

  it('names the offending path of an invalid config file', () => {
    const config = configFile({ limits: { maxPayload: 10 }, auth: { users: [{ authid: 'a' }] } });
    expect(() => resolveConfig({ config }, {})).toThrow(ConfigError);
    expect(() => resolveConfig({ config }, {})).toThrow(/\/limits\/maxPayload must be >= 1024/);
    expect(() => resolveConfig({ config }, {})).toThrow(/\/auth\/users\/0 must have required property 'secret'/);
  });

  it('reads limits.maxDepth from the config file and refuses one below 1', () => {
    expect(resolveConfig({ config: configFile({ limits: { maxDepth: 128 } }) }, {}).limits).toEqual({ maxDepth: 128 });
    const zero = configFile({ limits: { maxDepth: 0 } });
    expect(() => resolveConfig({ config: zero }, {})).toThrow(/\/limits\/maxDepth must be >= 1/);
  });

  it('takes the realm and queue bounds from the config file (issue 12)', () => {
    const limits = { maxRealms: 50, maxQueuesPerRealm: 10, maxQueuedBytes: 1 << 20, queueMessageTtl: 60_000 };
    expect(resolveConfig({ config: configFile({ limits }) }, {})).toMatchObject({ limits });
    const bad = configFile({ limits: { maxQueuedBytes: 0 } });
    expect(() => resolveConfig({ config: bad }, {})).toThrow(/\/limits\/maxQueuedBytes must be >= 1/);
  });

  it('takes the connection caps and inbound rate limits from the config file', () => {
    const limits = {
      maxConnectionsPerAddress: 50,
      uncappedAddresses: ['10.0.0.2'],
      messagesPerSecond: 500,
      bytesPerSecond: 65536,
      rateLimitGrace: 2000,
    };
    expect(resolveConfig({ config: configFile({ limits }) }, {})).toMatchObject({ limits });
    const tooShort = configFile({ limits: { rateLimitGrace: 10 } });
    expect(() => resolveConfig({ config: tooShort }, {})).toThrow(/\/limits\/rateLimitGrace must be >= 100/);
  });

  it('refuses unknown keys, naming them', () => {
    const config = configFile({ prot: 1 });
    expect(() => resolveConfig({ config }, {})).toThrow(/must NOT have additional properties 'prot'/);
  });

  it('reports a config file that is not JSON', () => {
    const config = configFile('{ nope');
    expect(() => resolveConfig({ config }, {})).toThrow(/cannot read config file/);
  });

  it('makes the first of a fixed realms list the default realm when none is named', () => {
    expect(resolveConfig({ config: configFile({ realms: ['a', 'b'] }) }, {})).toMatchObject({ realm: 'a' });
    expect(resolveConfig({ config: configFile({ realms: ['a', 'b'] }), realm: 'b' }, {})).toMatchObject({ realm: 'b' });
  });

  it('refuses a realm outside a fixed realms list, wherever it was set', () => {
    const config = configFile({ realms: ['a'] });
    expect(() => resolveConfig({ config }, { JUNCTION_REALM: 'realm1' })).toThrow(
      /realm 'realm1' is not in realms \(a\)/,
    );
  });

  it('names the variable of an invalid environment value', () => {
    expect(() => resolveConfig({}, { JUNCTION_REDIS: 'http://x' })).toThrow(/^JUNCTION_REDIS must match pattern/);
    expect(() => resolveConfig({}, { JUNCTION_PORT: '70000' })).toThrow(/^JUNCTION_PORT must be <= 65535/);
  });

  it('refuses a non-numeric JUNCTION_PORT', () => {
    expect(() => resolveConfig({}, { JUNCTION_PORT: 'eighty' })).toThrow(/JUNCTION_PORT/);
  });
});

describe('resolveConfig: logs and metrics', () => {
  it('takes logFormat from the file, JUNCTION_LOG_FORMAT or --log-format, and refuses other formats', () => {
    const config = configFile({ logFormat: 'pretty' });
    expect(resolveConfig({ config }, {}).logFormat).toBe('pretty');
    expect(resolveConfig({ config }, { JUNCTION_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(resolveConfig(parseCommandLine(['--log-format', 'pretty']).overrides, {}).logFormat).toBe('pretty');
    expect(() => resolveConfig({}, { JUNCTION_LOG_FORMAT: 'xml' })).toThrow(/JUNCTION_LOG_FORMAT/);
    expect(() => resolveConfig(parseCommandLine(['--log-format', 'xml']).overrides, {})).toThrow(/logFormat/);
  });

  it("puts --metrics-port and JUNCTION_METRICS_* on top of the file's metrics", () => {
    const config = configFile({ metrics: { port: 9100, token: 'a-long-enough-token' } });
    expect(resolveConfig({ config }, {}).metrics).toEqual({ port: 9100, token: 'a-long-enough-token' });
    const env = { JUNCTION_METRICS_PORT: '9101', JUNCTION_METRICS_TOKEN: 'another-long-token' };
    expect(resolveConfig({ config }, env).metrics).toEqual({ port: 9101, token: 'another-long-token' });
    const flags = { ...parseCommandLine(['--metrics-port', '9102']).overrides, config };
    expect(resolveConfig(flags, env).metrics).toEqual({ port: 9102, token: 'another-long-token' });
    expect(resolveConfig({}, {}).metrics).toBeUndefined();
  });

  it('refuses a short metrics token', () => {
    const config = configFile({ metrics: { token: 'short' } });
    expect(() => resolveConfig({ config }, {})).toThrow(/\/metrics\/token/);
  });
});

describe('parseCommandLine', () => {
  it('parses every flag', () => {
    const parsed = parseCommandLine([
      '-p',
      '9000',
      '--host',
      '::1',
      '-c',
      'x.json',
      '--realm',
      'r',
      '--log-level',
      'warn',
    ]);
    expect(parsed.overrides).toEqual({
      port: 9000,
      host: '::1',
      config: 'x.json',
      realm: 'r',
      logLevel: 'warn',
    });
  });

  it('refuses unknown flags and bad ports', () => {
    expect(() => parseCommandLine(['--nope'])).toThrow(ConfigError);
    expect(() => parseCommandLine(['--port', '70000'])).toThrow('--port must be 0-65535');
  });
});

describe('parseCommandLine subcommands', () => {
  it('parses check-config with its file, and the commands without arguments', () => {
    expect(parseCommandLine(['check-config', 'a.json'])).toMatchObject({ command: 'check-config', file: 'a.json' });
    expect(parseCommandLine(['print-config', '--port', '1'])).toMatchObject({ command: 'print-config' });
    expect(parseCommandLine(['hash-secret'])).toMatchObject({ command: 'hash-secret' });
  });

  it('refuses unknown commands, naming the known ones', () => {
    expect(() => parseCommandLine(['serve'])).toThrow(/unknown command 'serve'; commands: check-config/);
    expect(() => parseCommandLine(['hash-secret', 'x'])).toThrow(ConfigError);
  });
});
