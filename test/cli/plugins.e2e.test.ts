/** Third-party protocol plugins loaded by the built CLI from a path or an installed package. */
import { type ChildProcessWithoutNullStreams, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, startCli } from '../helpers/cli-process.js';
import { messages, openClient } from '../helpers/ws-client.js';
import { pluginProject, writeConfig } from './plugin-fixtures.js';

let project = '';
let child: ChildProcessWithoutNullStreams | undefined;
// Only this test's plugin variables: a JUNCTION_PLUGINS of the caller's shell must not leak in.
const env = { ...process.env, JUNCTION_PLUGINS: '', JUNCTION_PORT: '' };

beforeAll(() => {
  project = pluginProject();
});

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function start(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const started = await startCli(args, undefined, { cwd: project, env: { ...env, ...extraEnv } });
  child = started.child;
  return started.match;
}

/** Connects offering `token`, sends `text` and resolves with the answer. */
async function ask(url: string, token: string, text: string): Promise<string> {
  const client = await openClient(url, token);
  const inbox = messages(client);
  client.send(text);
  const answer = await inbox.next();
  client.close();
  return answer;
}

function run(args: string[]) {
  return spawnSync(process.execPath, [cliBin, '--port', '0', ...args], { cwd: project, env, encoding: 'utf8' });
}

describe('junction --plugin', () => {
  it('is documented in --help with JUNCTION_PLUGINS and the plugins config key', () => {
    const { stdout } = spawnSync(process.execPath, [cliBin, '--help'], { encoding: 'utf8' });
    for (const text of ['--plugin <module>', 'JUNCTION_PLUGINS', '"plugins"']) expect(stdout).toContain(text);
  });

  it('loads a plugin from a path relative to the working directory and keeps JSON-RPC the fallback', async () => {
    const url = await start(['--plugin', './plugins/echo.mjs']);
    expect(await ask(url, 'echo-file.v1', 'hello')).toBe('echo:hello');
    // Server preference: the built-ins, then the plugins, then JSON-RPC, whatever the client's order.
    for (const [offered, chosen] of [
      [['echo-file.v1', 'wamp.2.json'], 'wamp.2.json'],
      [['jsonrpc', 'echo-file.v1'], 'echo-file.v1'],
    ] as const) {
      const client = await openClient(url, [...offered]);
      expect(client.protocol).toBe(chosen);
      client.close();
    }
    const plain = await openClient(url);
    const inbox = messages(plain);
    plain.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'publish', params: ['news', 1] }));
    expect(JSON.parse(await inbox.next())).toEqual({ jsonrpc: '2.0', id: 1, result: true });
    plain.close();
  });

  it('loads a package installed in the working directory, with options from the config file', async () => {
    const config = writeConfig(project, { plugins: [{ module: 'junction-echo', options: { prefix: '>> ' } }] });
    const url = await start(['--config', config]);
    expect(await ask(url, 'echo.v1', 'hello')).toBe('>> hello');
  });

  it('loads the built example plugin (examples/custom-protocol.ts) by its absolute path', async () => {
    const example = join(resolve(import.meta.dirname, '../..'), 'dist/examples/custom-protocol.js');
    const url = await start(['--plugin', example]);
    expect(await ask(url, 'chat.v1', 'SUB chat.room1')).toBe('OK SUB');
  });

  it('loads the plugins named in JUNCTION_PLUGINS', async () => {
    const url = await start([], { JUNCTION_PLUGINS: 'junction-echo, ./plugins/echo.mjs' });
    expect(await ask(url, 'echo.v1', 'a')).toBe('echo:a');
    expect(await ask(url, 'echo-file.v1', 'b')).toBe('echo:b');
  });

  it('exits 2 naming the config path of a bad plugin option and the module', () => {
    const config = writeConfig(project, { plugins: [{ module: 'junction-echo', options: { prefix: 5 } }] });
    const result = run(['--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('junction-echo');
    expect(result.stderr).toContain('/plugins/0/options/prefix must be string');
  });

  for (const [module, problem, why] of [
    ['junction-missing', 'cannot find the package', 'is not installed'],
    ['./plugins/missing.mjs', 'cannot find', 'is a missing file'],
    ['./plugins/nothing.mjs', 'exports no protocol plugin', 'exports no plugin'],
  ] as const) {
    it(`exits 2 with one line naming the module when ${module} ${why}`, () => {
      const result = run(['--plugin', module]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringContaining(`plugin ${module} (--plugin): ${problem}`),
      ]);
    });
  }

  it('exits 2 when two plugins claim one token', () => {
    const config = writeConfig(project, {
      plugins: [{ module: './plugins/echo.mjs' }, { module: './plugins/echo.mjs' }],
    });
    const result = run(['--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('echo-file.v1');
  });
});
