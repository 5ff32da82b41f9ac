/**
 * A Junction broker for the STOMP chat example, serving the chat page on http://127.0.0.1:8080/
 * (it loads @stomp/stompjs from static/vendor, copied at start). It speaks every protocol, not only
 * STOMP, so a WAMP or JSON-RPC client on topic `chat.<room>` is in the same chat as the page.
 *
 * Run from the repository root: npm run build && node dist/examples/stomp-chat/server.js [--port 9000]
 */
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction, type Junction, type LogLevel } from '../../src/index.js';
import { demoArgs, findStaticDir, isMain } from '../example-server.js';
import { copyVendorBundles } from '../vendor.js';

export interface ChatOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 'info'. */
  readonly logger?: LogLevel;
}

export interface StartedChat {
  readonly junction: Junction;
  readonly port: number;
  /** ws://host:port, for Node clients of any protocol. */
  readonly url: string;
  /** http://host:port/, the page to open. */
  readonly pageUrl: string;
  close(): Promise<void>;
}

/** Starts the broker (STOMP, WAMP, JSON-RPC) that also serves the chat page. */
export async function startChat(options: ChatOptions = {}): Promise<StartedChat> {
  const staticDir = findStaticDir('stomp-chat', import.meta.url);
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
  const { port } = await junction.listen();
  const url = `ws://${host}:${port}`;
  return { junction, port, url, pageUrl: `http://${host}:${port}/`, close: () => junction.close() };
}

if (isMain(import.meta.url)) {
  const chat = await startChat({ ...demoArgs(process.argv.slice(2), process.env), logger: 'warn' });
  console.log(`Chat page on ${chat.pageUrl}; STOMP, WAMP and JSON-RPC on ${chat.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void chat.close());
}
