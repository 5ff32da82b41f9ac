/**
 * What every example server shares: finding its page in the source tree, and `--port`/`--host`.
 * The pages are not compiled, so from dist/examples/<name>/server.js they are found back in
 * examples/<name>/static.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * The example's static/ folder: ./static next to the server's source (tests run the .ts), or
 * three levels up from its compiled file in dist/.
 */
export function findStaticDir(example: string, serverUrl: string): string {
  const candidates = [new URL('./static/', serverUrl), new URL(`../../../examples/${example}/static/`, serverUrl)];
  const found = candidates.find((url) => existsSync(new URL('index.html', url)));
  if (!found) throw new Error(`examples/${example}/static/index.html not found: run from the repository checkout`);
  return fileURLToPath(found);
}

/** `--port`/`-p` and `--host` from the command line; PORT from the environment as a fallback. */
export function demoArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { port: number; host: string } {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: 'string', short: 'p' }, host: { type: 'string' } },
  });
  const port = Number(values.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${values.port}`);
  return { port, host: values.host ?? '127.0.0.1' };
}

/** True when `serverUrl` (import.meta.url) is the script node was started with. */
export function isMain(serverUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(serverUrl) === process.argv[1];
}
