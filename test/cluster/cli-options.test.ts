/** The cluster settings of the `junction` command: --redis / --node-id, env, config file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, usage } from '../../cli/args.js';
import { ConfigError, resolveConfig } from '../../cli/config.js';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'junction-cluster-')), 'junction.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('cluster options of the CLI', () => {
  it('documents --redis and --node-id with their environment variables in --help', () => {
    expect(usage).toMatch(/--redis <url>.*JUNCTION_REDIS/s);
    expect(usage).toMatch(/--node-id <id>.*JUNCTION_NODE_ID/s);
  });

  it('reads --redis and --node-id from the command line', () => {
    const { overrides } = parseCommandLine(['--redis', 'redis://10.0.0.5:6379', '--node-id', 'eu-1']);
    expect(resolveConfig(overrides, {})).toMatchObject({ redis: 'redis://10.0.0.5:6379', nodeId: 'eu-1' });
  });

  it('takes JUNCTION_REDIS and JUNCTION_NODE_ID, and lets flags win over them and the file', () => {
    const config = configFile({ redis: 'redis://file:6379', nodeId: 'from-file' });
    const env = { JUNCTION_CONFIG: config, JUNCTION_REDIS: 'redis://env:6379' };
    expect(resolveConfig({}, env)).toMatchObject({ redis: 'redis://env:6379', nodeId: 'from-file' });
    expect(resolveConfig({ nodeId: 'from-flag' }, { ...env, JUNCTION_NODE_ID: 'from-env' })).toMatchObject({
      nodeId: 'from-flag',
    });
  });

  it('refuses a Redis setting that is not a redis:// or rediss:// URL, naming it', () => {
    expect(() => resolveConfig({ redis: 'localhost:6379' }, {})).toThrow(ConfigError);
    expect(() => resolveConfig({ redis: 'localhost:6379' }, {})).toThrow(/\/redis/);
    expect(resolveConfig({ redis: 'rediss://cache.example:6380' }, {}).redis).toBe('rediss://cache.example:6380');
  });
});
