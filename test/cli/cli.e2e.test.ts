/** The built `junction` command as a user runs it (`npm test` builds first, see "pretest"). */
import { type ChildProcessWithoutNullStreams, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliBin as bin, startCli } from '../helpers/cli-process.js';
import { closed, getJson, messages, openClient } from '../helpers/ws-client.js';
import { pythonStompReady, stompPy } from '../protocols/stomp/stomp-py.js';

const root = resolve(import.meta.dirname, '../..');
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

function run(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, JUNCTION_PORT: '' },
  });
}

/** Starts the CLI, remembering it for afterEach, and resolves with the URL it listens on. */
async function start(args: string[]): Promise<string> {
  const started = await startCli(args);
  child = started.child;
  return started.match;
}

describe('junction CLI', () => {
  it('documents every flag in --help', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    const flags = ['--port', '--host', '--config', '--realm', '--log-level', '--static', '--redis', '--node-id'];
    for (const flag of [...flags, '--stomp-tcp', '--help', '--version']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(run(['--version']).stdout.trim()).toBe(version);
  });

  it('exits 2 naming the problem for an unknown flag or an invalid config file', () => {
    expect(run(['--bogus'])).toMatchObject({ status: 2, stderr: expect.stringContaining('bogus') });
    const config = join(mkdtempSync(join(tmpdir(), 'junction-cli-')), 'bad.json');
    writeFileSync(config, JSON.stringify({ limits: { pingInterval: -1 } }));
    expect(run(['--config', config])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('/limits/pingInterval'),
    });
  });

  it('serves health, WebSocket clients, and drains on SIGTERM with close 1001', async () => {
    const url = await start([]);
    expect((await getJson(`${url}/healthz`)).status).toBe(200);
    expect((await getJson(`${url}/readyz`)).status).toBe(200);
    const client = await openClient(url);
    const inbox = messages(client);
    client.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['news'] }));
    expect(JSON.parse(await inbox.next())).toMatchObject({ id: 1 });
    const exited = new Promise<number | null>((resolveExit) => child?.once('exit', resolveExit));
    child?.kill('SIGTERM');
    expect((await closed(client)).code).toBe(1001);
    expect(await exited).toBe(0);
  });

  it('serves STOMP over plain TCP with --stomp-tcp', async () => {
    const started = await startCli(['--stomp-tcp', '0'], 'STOMP over TCP listening');
    child = started.child;
    const port = Number(started.line.port);
    const reply = await new Promise<string>((resolveReply, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('CONNECT\naccept-version:1.2\n\n\0'));
      socket.once('data', (data) => {
        resolveReply(data.toString());
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(reply).toMatch(/^CONNECTED\nversion:1\.2\n/);
  });

  it.runIf(pythonStompReady)(
    '[stomp.py] --stomp-tcp sessions get the configured limits: a 16 MiB message with 64 MiB limits',
    async () => {
      const MiB = 1024 * 1024;
      const config = join(mkdtempSync(join(tmpdir(), 'junction-cli-')), 'large.json');
      const limits = { maxPayload: 64 * MiB, maxBufferedBytes: 64 * MiB };
      writeFileSync(config, JSON.stringify({ limits, protocols: { stomp: { maxFrameSize: 64 * MiB } } }));
      const started = await startCli(['--stomp-tcp', '0', '--config', config], 'STOMP over TCP listening');
      child = started.child;
      const port = Number(started.line.port);
      expect(await stompPy('large', port, 60_000)).toEqual({ length: 16 * MiB, intact: true, errors: [] });
    },
    90_000,
  );
});
