/** Operator mistakes at startup: one line on stderr naming the fix, exit code 2, no stack. */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../cluster/harness.js';
import { cliBin } from '../helpers/cli-process.js';
import { type CliResult, runCli, writeConfig } from '../helpers/cli-run.js';
import { getJson } from '../helpers/ws-client.js';

let blocker: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

/** A port something else already listens on. */
async function takenPort(): Promise<number> {
  const server = createServer();
  blocker = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function expectOneLine(result: CliResult, message: string | RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

describe('junction startup errors', () => {
  it('names a port in use and the flag that fixes it', async () => {
    const port = await takenPort();
    expectOneLine(runCli(['--port', String(port), '--log-level', 'silent']), `port ${port} is in use; pass --port`);
  });

  it('names the STOMP TCP port in use and --stomp-tcp', async () => {
    const port = await takenPort();
    const result = runCli(['--port', '0', '--stomp-tcp', String(port), '--log-level', 'silent']);
    expectOneLine(result, `port ${port} is in use; pass --stomp-tcp`);
  });

  it('names the full path of a bad plugin option', () => {
    const file = writeConfig({ protocols: { stomp: { maxFrameSize: 'big' } } });
    expectOneLine(runCli(['--config', file]), /\/protocols\/stomp\/maxFrameSize must be integer/);
  });

  it('lists the allowed values of an enum', () => {
    const file = writeConfig({ logLevel: 'verbose' });
    expectOneLine(
      runCli(['--config', file]),
      /\/logLevel must be one of fatal, error, warn, info, debug, trace, silent/,
    );
  });

  it('names the environment variable that holds a bad value', () => {
    const result = runCli([], { JUNCTION_LOG_LEVEL: 'verbose' });
    expectOneLine(result, /JUNCTION_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('refuses a realm that is not in a fixed realms list', () => {
    const file = writeConfig({ realms: ['a', 'b'], realm: 'realm1' });
    expectOneLine(runCli(['check-config', file]), /realm 'realm1' is not in realms \(a, b\)/);
  });

  it('prints nothing at all with --log-level silent, from start to drain', async () => {
    const port = await takenPort();
    await new Promise<void>((resolve) => blocker?.close(() => resolve()));
    blocker = undefined;
    const child = spawn(process.execPath, [cliBin, '--port', String(port), '--log-level', 'silent']);
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Readiness 200 is the event that says startup finished (anything it prints is out by then).
    await eventually(async () => expect((await getJson(`ws://127.0.0.1:${port}/readyz`)).status).toBe(200), 15_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toBe('');
  });
});
