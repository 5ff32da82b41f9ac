/**
 * The CLI's log output: JSON lines unless asked for pretty (`--log-format`, JUNCTION_LOG_FORMAT,
 * `logFormat` in the config), "junction listening" and "junction stopped", and nothing at all
 * with `--log-level silent`.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cliBin } from '../helpers/cli-process.js';
import { writeConfig } from '../helpers/cli-run.js';
import { eventually } from '../helpers/eventually.js';

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Runs the broker until `ready` shows in its stdout, stops it with SIGTERM, and returns all stdout. */
function runUntilStopped(
  args: string[],
  env: Record<string, string> = {},
  ready = 'junction listening',
): Promise<string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JUNCTION_')));
  const started = spawn(process.execPath, [cliBin, '--port', '0', ...args], { env: { ...clean, ...env } });
  child = started;
  let stdout = '';
  let signalled = false;
  started.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    if (!signalled && stdout.includes(ready)) {
      signalled = true;
      started.kill('SIGTERM');
    }
  });
  return new Promise((resolve, reject) => {
    // 'close', not 'exit': the child may exit before its last lines are read from the pipe.
    started.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stdout}`))));
  });
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

function parses(line: string): boolean {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
}

describe('junction log format', () => {
  it('writes JSON lines by default when stdout is not a terminal, listening to stopped', async () => {
    const output = lines(await runUntilStopped(['--log-level', 'info']));
    expect(output.every(parses)).toBe(true);
    const messages = output.map((line) => JSON.parse(line).msg);
    expect(messages).toContain('junction listening');
    expect(messages.at(-1)).toBe('junction stopped');
  });

  it('writes pino-pretty lines, not JSON, with --log-format pretty', async () => {
    const output = lines(await runUntilStopped(['--log-format', 'pretty']));
    expect(output.some(parses)).toBe(false);
    expect(output.some((line) => line.includes('INFO') && line.includes('junction listening'))).toBe(true);
    expect(output.some((line) => line.includes('junction stopped'))).toBe(true);
  });

  it('takes the format from JUNCTION_LOG_FORMAT and from logFormat in the config file', async () => {
    const fromEnv = lines(await runUntilStopped([], { JUNCTION_LOG_FORMAT: 'pretty' }));
    expect(fromEnv.some(parses)).toBe(false);
    const config = writeConfig({ logFormat: 'pretty' });
    const fromFile = lines(await runUntilStopped(['--config', config]));
    expect(fromFile.some(parses)).toBe(false);
    // Flags beat the file.
    const flagged = lines(await runUntilStopped(['--config', config, '--log-format', 'json']));
    expect(flagged.every(parses)).toBe(true);
  });

  it('prints nothing with --log-level silent, pretty or not', async () => {
    // No line says it listens: give it a known free port and ask /healthz instead.
    const port = await freePort();
    const args = ['--port', String(port), '--log-level', 'silent', '--log-format', 'pretty'];
    const started = spawn(process.execPath, [cliBin, ...args]);
    child = started;
    let output = '';
    started.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    started.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true);
    const exited = new Promise((resolve) => started.once('close', resolve));
    started.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toBe('');
  });
});
