/**
 * A Junction broker for the WAMP RPC example: WAMP on ws://127.0.0.1:8080 and the browser page
 * on http://127.0.0.1:8080/ (it loads autobahn-browser from static/vendor, copied at start).
 *
 * Run from the repository root: npm run build && node dist/examples/wamp-rpc/server.js
 * then node dist/examples/wamp-rpc/callee.js, and caller.js or the page.
 */
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction, type Junction, type LogLevel } from '../../src/index.js';
import { demoArgs, findStaticDir, isMain } from '../example-server.js';
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

/** Starts the WAMP broker that also serves the page. */
export async function startServer(options: ServerOptions = {}): Promise<StartedServer> {
  const staticDir = findStaticDir('wamp-rpc', import.meta.url);
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

if (isMain(import.meta.url)) {
  const server = await startServer(demoArgs(process.argv.slice(2), process.env));
  console.log(`WAMP router on ${server.url}, page on ${server.pageUrl}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close());
}
