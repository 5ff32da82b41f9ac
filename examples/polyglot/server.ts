/**
 * The polyglot demo: one Junction broker speaking STOMP, WAMP and JSON-RPC, serving a page whose three
 * panels (@stomp/stompjs, autobahn-browser, a plain WebSocket) publish to and call each other, plus a
 * server-side procedure `demo.server.time` that all of them can call.
 *
 * Run from the repository root: npm run demo [-- --port 9000] (builds if the build is stale, then runs
 * node dist/examples/polyglot/server.js).
 */
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction, type Junction, type LogLevel } from '../../src/index.js';
import { demoArgs, findStaticDir, isMain } from '../example-server.js';
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

/** Starts the broker with all three protocols, the page and `demo.server.time`. */
export async function startDemo(options: DemoOptions = {}): Promise<StartedDemo> {
  const staticDir = findStaticDir('polyglot', import.meta.url);
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

if (isMain(import.meta.url)) {
  const demo = await startDemo({ ...demoArgs(process.argv.slice(2), process.env), logger: 'warn' });
  console.log(`Junction polyglot demo: open ${demo.pageUrl}`);
  console.log('STOMP, WAMP (wamp.2.json) and JSON-RPC all on the same port; Ctrl-C to stop.');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void demo.close());
}
