/**
 * A Junction broker for the WAMP RPC example: WAMP on ws://127.0.0.1:8080 and the browser page
 * on http://127.0.0.1:8080/ (it loads autobahn-browser from static/vendor, copied at start).
 *
 * Run from the repository root: npm run build && node dist/examples/wamp-rpc/server.js
 * then node dist/examples/wamp-rpc/callee.js, and caller.js or the page.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction, type Junction, type LogLevel } from '../../src/index.js';
import { copyVendorBundles } from '../vendor.js';

export interface ServerOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 'info'. */
  readonly logger?: LogLevel;
}

export interface StartedServer {
  readonly junction: Junction;
  readonly port: number;
  /** ws://host:port, for the Node callee and caller. */
  readonly url: string;
  /** http://host:port/, the page to open. */
  readonly pageUrl: string;
  close(): Promise<void>;
}

/**
 * The page is not compiled: it lives in the source tree. From source (tests) that is ./static; from
 * dist/examples/wamp-rpc/server.js it is three levels up, back in examples/wamp-rpc/static.
 */
function findStaticDir(): string {
  const candidates = [
    new URL('./static/', import.meta.url),
    new URL('../../../examples/wamp-rpc/static/', import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(new URL('index.html', url)));
  if (!found) throw new Error('examples/wamp-rpc/static/index.html not found: run from the repository checkout');
  return fileURLToPath(found);
}

/** Starts the WAMP broker that also serves the page. */
export async function startServer(options: ServerOptions = {}): Promise<StartedServer> {
  const staticDir = findStaticDir();
  copyVendorBundles(staticDir);
  const host = options.host ?? '127.0.0.1';
  const junction = createJunction({
    protocols: [wamp()],
    port: options.port ?? 8080,
    host,
    staticDir,
    logger: options.logger ?? 'info',
  });
  const { port } = await junction.listen();
  return {
    junction,
    port,
    url: `ws://${host}:${port}`,
    pageUrl: `http://${host}:${port}/`,
    close: () => junction.close(),
  };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const server = await startServer({ port: Number(process.env.PORT ?? 8080) });
  console.log(`WAMP router on ${server.url}, page on ${server.pageUrl}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
}
