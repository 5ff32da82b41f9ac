/**
 * A broker confined to one CPU tells its operator to start node with --single-threaded-gc
 * (cli/one-cpu.ts), once, at info level; with the flag, or with more than one CPU, it says nothing.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ONE_CPU_ADVICE, runsGcBesideEventLoop } from '../../cli/one-cpu.js';
import { cliBin, type LogLine, waitForLog } from '../helpers/cli-process.js';
import { needs } from '../helpers/needs.js';

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Runs the CLI on CPU 0 with `nodeFlags` until it listens, stops it, and returns its log lines. */
async function logsOnOneCpu(nodeFlags: readonly string[]): Promise<LogLine[]> {
  const started = spawn('taskset', ['-c', '0', process.execPath, ...nodeFlags, cliBin, '--port', '0']);
  child = started;
  let stdout = '';
  started.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  await waitForLog(started, 'junction listening');
  const closed = new Promise((resolve) => started.once('close', resolve));
  started.kill('SIGTERM');
  await closed;
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('the advice for one CPU', () => {
  it('is due only on one CPU, and only without a flag that keeps the collector on the main thread', () => {
    expect(runsGcBesideEventLoop([], 1)).toBe(true);
    expect(runsGcBesideEventLoop(['--max-old-space-size=512'], 1)).toBe(true);
    expect(runsGcBesideEventLoop(['--single-threaded-gc'], 1)).toBe(false);
    expect(runsGcBesideEventLoop(['--no-concurrent-marking'], 1)).toBe(false);
    expect(runsGcBesideEventLoop([], 2)).toBe(false);
  });
});

describe.skipIf(!(await needs('taskset')))('the CLI pinned to one CPU', () => {
  it('logs the advice once after it listens', async () => {
    const lines = await logsOnOneCpu([]);
    const advice = lines.filter((line) => line.msg === ONE_CPU_ADVICE);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatchObject({ level: 30, cpus: 1 });
  });

  it('says nothing when node runs with --single-threaded-gc', async () => {
    const lines = await logsOnOneCpu(['--single-threaded-gc']);
    expect(lines.map((line) => line.msg)).toContain('junction stopped');
    expect(lines.map((line) => line.msg)).not.toContain(ONE_CPU_ADVICE);
  });
});
