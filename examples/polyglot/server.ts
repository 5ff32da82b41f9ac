/**
 * The polyglot demo: one Junction broker speaking STOMP, WAMP and JSON-RPC, serving a page whose three
 * panels (@stomp/stompjs, autobahn-browser, a plain WebSocket) publish to and call each other, plus a
 * server-side procedure `demo.server.time` that all of them can call.
 *
 * Run from the repository root: npm run demo [-- --port 9000] (builds if the build is stale, then runs
 * node dist/examples/polyglot/server.js).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import type { LogLevel } from '../../src/logger.js';
import { createJunction, type Junction } from '../../src/server.js';
import { copyVendorBundles } from '../vendor.js';

/** The server-side procedure every panel can call. */
export const SERVER_TIME = 'demo.server.time';

export interface DemoOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 'info'. */
  readonly logger?: LogLevel;
}

export interface StartedDemo {
  readonly junction: Junction;
  readonly port: number;
  /** http://host:port/, the page to open. */
  readonly pageUrl: string;
  close(): Promise<void>;
}

/**
 * The page is not compiled: it lives in the source tree. From source (tests) that is ./static; from
 * dist/examples/polyglot/server.js it is three levels up, back in examples/polyglot/static.
 */
function findStaticDir(): string {
  const candidates = [
    new URL('./static/', import.meta.url),
    new URL('../../../examples/polyglot/static/', import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(new URL('index.html', url)));
  if (!found) throw new Error('examples/polyglot/static/index.html not found: run from the repository checkout');
  return fileURLToPath(found);
}

/** Starts the broker with all three protocols, the page and `demo.server.time`. */
export async function startDemo(options: DemoOptions = {}): Promise<StartedDemo> {
  const staticDir = findStaticDir();
  copyVendorBundles(staticDir);
  const host = options.host ?? '127.0.0.1';
  const junction = createJunction({
    protocols: [stomp(), wamp(), jsonrpc()],
    port: options.port ?? 8080,
    host,
    staticDir,
    logger: options.logger ?? 'info',
    // A demo stops on Ctrl-C; its browser tabs reconnect on their own.
    limits: { shutdownGrace: 1000 },
  });
  junction.register(SERVER_TIME, () => new Date().toISOString());
  const { port } = await junction.listen();
  return { junction, port, pageUrl: `http://${host}:${port}/`, close: () => junction.close() };
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

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const demo = await startDemo({ ...demoArgs(process.argv.slice(2), process.env), logger: 'warn' });
  console.log(`Junction polyglot demo: open ${demo.pageUrl}`);
  console.log('STOMP, WAMP (wamp.2.json) and JSON-RPC all on the same port; Ctrl-C to stop.');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void demo.close());
}
