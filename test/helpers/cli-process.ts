/** The built `junction` command in a child process, as `npm start` runs it (`npm test` builds first). */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const cliBin = join(resolve(import.meta.dirname, '../..'), 'dist/cli/main.js');

export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The first capture of `pattern` in the output (default: the ws:// URL it listens on). */
  readonly match: string;
}

/**
 * Starts `junction --port 0 --log-level warn <args>` and waits for `pattern` on stdout; `spawnOptions`
 * sets the working directory or environment (plugins resolve from the working directory).
 */
export function startCli(
  args: readonly string[],
  pattern = /listening on (ws:\/\/\S+)/,
  spawnOptions: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<CliProcess> {
  const child = spawn(process.execPath, [cliBin, '--port', '0', '--log-level', 'warn', ...args], spawnOptions);
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const found = pattern.exec(output)?.[1];
      if (found) resolvePromise({ child, match: found });
    });
    child.once('exit', (code) => reject(new Error(`junction exited with ${code}: ${output}`)));
  });
}
