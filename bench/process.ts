/**
 * Process plumbing for the orchestrator: start a server pinned to one core, a generator pinned
 * to the other, and read a process's CPU time and RSS from /proc.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/**
 * Node flags for the servers only, e.g. `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`
 * to profile the broker during a row (Node refuses --cpu-prof in NODE_OPTIONS, which would also
 * profile the generator).
 */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');

/** Runs `node [nodeArgs] <script> <args>` on one CPU when taskset is available. */
function pinned(cpu: number, script: string, args: readonly string[], nodeArgs: readonly string[] = []): ChildProcess {
  const node = [...nodeArgs, script, ...args];
  const command = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', String(cpu), process.execPath, ...node] : node;
  return spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Lines of a child's stdout, as they arrive. */
function onLines(child: ChildProcess, listener: (line: string) => void): void {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      listener(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  });
}

export interface StartedServer {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export function startServer(script: string, args: readonly string[]): Promise<StartedServer> {
  const child = pinned(0, join(here, 'servers', script), ['0', ...args], serverNodeArgs);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 20_000);
    onLines(child, (line) => {
      const match = /^ready (\d+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        port: Number(match[1]),
        pid: child.pid as number,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            // A profiled server must exit on its own to write its profile; SIGKILL if it does not.
            if (serverNodeArgs.length === 0) child.kill('SIGKILL');
            else {
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/**
 * Runs the generator with a job and resolves with its JSON result. With `hold`, the generator
 * stays alive until `release()` (idle-connection runs measure the broker meanwhile).
 */
export function runGenerator(job: object): Promise<{ result: Record<string, unknown>; release(): void }> {
  const child = pinned(1, join(here, 'generator.js'), [JSON.stringify(job)]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('generator timed out'));
    }, 180_000);
    onLines(child, (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      resolve({ result: JSON.parse(line), release: () => child.kill('SIGKILL') });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== null) reject(new Error(`generator exited with ${code}`));
    });
  });
}

/** User + system CPU seconds of a process so far. */
export { procCpuSeconds as cpuSeconds } from './cpu.js';

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/** The pid of the process listening on a TCP port (for an external broker like RabbitMQ). */
export function pidListeningOn(port: number): number | undefined {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const match = /pid=(\d+)/.exec(out);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
