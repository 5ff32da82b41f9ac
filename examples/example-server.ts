/**
 * What every example server shares: a broker with every built-in protocol that serves the
 * example's page (found in the source tree: the pages are not compiled, so from
 * dist/examples/<name>/server.js they are found back in examples/<name>/static), and
 * `--port`/`--host`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jsonrpc } from '../protocols/jsonrpc/index.js';
import { stomp } from '../protocols/stomp/index.js';
import { wamp } from '../protocols/wamp/index.js';
import { createJunction, type Junction, type LogLevel } from '../src/index.js';
import { copyVendorBundles } from './vendor.js';

export interface ExampleOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 'info'. */
  readonly logger?: LogLevel;
}

export interface StartedExample {
  readonly junction: Junction;
  readonly port: number;
  /** ws://host:port, for Node clients of any protocol. */
  readonly url: string;
  /** http://host:port/, the page to open. */
  readonly pageUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a broker speaking STOMP, WAMP and JSON-RPC that serves `examples/<example>/static`.
 * `setup` runs before it listens (register procedures, track presence); what it returns runs on close.
 */
export async function startExample(
  example: string,
  serverUrl: string,
  options: ExampleOptions,
  setup?: (junction: Junction) => (() => void) | undefined,
): Promise<StartedExample> {
  const staticDir = findStaticDir(example, serverUrl);
  copyVendorBundles(staticDir);
  const host = options.host ?? '127.0.0.1';
  const junction = createJunction({
    protocols: [stomp(), wamp(), jsonrpc()],
    port: options.port ?? 8080,
    host,
    staticDir,
    logger: options.logger ?? 'info',
    // Browser tabs reconnect on their own: no need to wait long for them on Ctrl-C.
    limits: { shutdownGrace: 1000 },
  });
  const teardown = setup?.(junction);
  const { port } = await junction.listen();
  const close = async (): Promise<void> => {
    teardown?.();
    await junction.close();
  };
  return { junction, port, url: `ws://${host}:${port}`, pageUrl: `http://${host}:${port}/`, close };
}

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
