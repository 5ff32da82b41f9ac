/**
 * The cursors example: a shared text area where everyone sees everyone's cursor, whichever protocol
 * their page speaks (`?protocol=stomp` through @stomp/stompjs, `?protocol=wamp` through
 * autobahn-browser). One broker with every protocol serves the page and keeps presence (presence.ts).
 *
 * Run from the repository root: npm run build && node dist/examples/cursors/server.js [--port 9000]
 */
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction, type Junction, type LogLevel } from '../../src/index.js';
import { demoArgs, findStaticDir, isMain } from '../example-server.js';
import { copyVendorBundles } from '../vendor.js';
import { trackPresence } from './presence.js';

export interface CursorsOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 'info'. */
  readonly logger?: LogLevel;
}

export interface StartedCursors {
  readonly junction: Junction;
  readonly port: number;
  /** http://host:port/, the page to open (add ?protocol=wamp&doc=<name>&name=<you>). */
  readonly pageUrl: string;
  close(): Promise<void>;
}

/** Starts the broker (STOMP, WAMP, JSON-RPC), the presence tracker and the page. */
export async function startCursors(options: CursorsOptions = {}): Promise<StartedCursors> {
  const staticDir = findStaticDir('cursors', import.meta.url);
  copyVendorBundles(staticDir);
  const host = options.host ?? '127.0.0.1';
  const junction = createJunction({
    // wamp() also announces every session's leave (wamp.session.on_leave), which presence relies on.
    protocols: [stomp(), wamp(), jsonrpc()],
    port: options.port ?? 8080,
    host,
    staticDir,
    logger: options.logger ?? 'info',
    limits: { shutdownGrace: 1000 },
  });
  const stopPresence = trackPresence(junction);
  const { port } = await junction.listen();
  const close = async (): Promise<void> => {
    stopPresence();
    await junction.close();
  };
  return { junction, port, pageUrl: `http://${host}:${port}/`, close };
}

if (isMain(import.meta.url)) {
  const cursors = await startCursors({ ...demoArgs(process.argv.slice(2), process.env), logger: 'warn' });
  console.log(`Cursors: open ${cursors.pageUrl}?protocol=stomp and ${cursors.pageUrl}?protocol=wamp`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cursors.close());
}
