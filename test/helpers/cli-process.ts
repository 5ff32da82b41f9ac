/** The built `junction` command in a child process, as `npm start` runs it (`npm test` builds first). */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const cliBin = join(resolve(import.meta.dirname, '../..'), 'dist/cli/main.js');

/** One pino log line of the broker. */
export type LogLine = Record<string, unknown> & { msg?: string };

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The log line that was waited for ('junction listening' by default). */
  readonly line: LogLine;
  /** Its `url` field (the ws:// URL for 'junction listening'). */
  readonly match: string;
}

/**
 * Resolves with the first JSON log line on `child`'s stdout whose `msg` is `msg`. The CLI prints
 * nothing on stdout but pino lines, so the line is the one signal that the broker is listening.
 */
export function waitForLog(child: ChildProcessWithoutNullStreams, msg: string, name = 'junction'): Promise<LogLine> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) {
        const line = parseLine(text);
        if (line?.msg === msg) resolvePromise(line);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before '${msg}': ${output}`)));
  });
}

function parseLine(text: string): LogLine | undefined {
  try {
    return JSON.parse(text) as LogLine;
  } catch {
    return undefined;
  }
}

/**
 * Starts `junction --port 0 --log-level info <args>` and waits for the log line `msg`;
 * `spawnOptions` sets the working directory or environment (plugins resolve from the working directory).
 */
export async function startCli(
  args: readonly string[],
  msg = 'junction listening',
  spawnOptions: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<CliProcess> {
  const child = spawn(process.execPath, [cliBin, '--port', '0', '--log-level', 'info', ...args], spawnOptions);
  try {
    const line = await waitForLog(child, msg);
    return { child, line, match: String(line.url ?? '') };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
