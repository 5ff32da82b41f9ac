import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../cli/config.js';
import { type CliProcess, startCli } from '../helpers/cli-process.js';

const TOKEN = 'cli-admin-token-0123456789';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'junction-admin-')), 'junction.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

let cli: CliProcess | undefined;

afterEach(() => {
  cli?.child.kill('SIGTERM');
  cli = undefined;
});

describe('admin settings in the config file', () => {
  it('validates admin and adminRoles, naming the offending path', () => {
    const config = configFile({ admin: { tokens: [{ authid: 'ci', token: 'short' }] }, adminRoles: [''] });
    expect(() => resolveConfig({ config }, {})).toThrow(ConfigError);
    expect(() => resolveConfig({ config }, {})).toThrow(/\/admin\/tokens\/0\/token must NOT have fewer than 16/);
    expect(() => resolveConfig({ config }, {})).toThrow(/\/adminRoles\/0 must NOT have fewer than 1/);
  });

  it('turns on the admin API and page of the built command', async () => {
    const config = configFile({ admin: { tokens: [{ authid: 'ci', token: TOKEN }] }, adminRoles: ['ops'] });
    cli = await startCli(['--config', config]);
    const http = cli.match.replace(/^ws/, 'http');
    const stats = await fetch(`${http}/admin/api/stats`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ engine: 'memory', sessions: 0 });
    expect((await fetch(`${http}/admin/api/stats`)).status).toBe(401);
    // The page ships in the package's admin/ folder, found from dist/ as well as from src/.
    const page = await fetch(`${http}/admin`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Junction admin</title>');
  });
});
