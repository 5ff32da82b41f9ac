/**
 * The broker under soak, in its own process so its RSS is its own: every built-in protocol on
 * WebSocket, STOMP on TCP, a server-side echo procedure. Prints `ready <ws port> <tcp port>`,
 * then one `stats {...}` JSON line every <interval> ms: RSS, active handles, sessions, realms.
 * Usage: node broker.js <interval ms>
 */
import { jsonrpc } from '../protocols/jsonrpc/index.js';
import { listenStompTcp, stomp } from '../protocols/stomp/index.js';
import { wamp } from '../protocols/wamp/index.js';
import { CallResult, createJunction } from '../src/index.js';

const interval = Number(process.argv[2] ?? 30_000);
const stompPlugin = stomp();
const junction = createJunction({
  protocols: [stompPlugin, wamp(), jsonrpc()],
  port: 0,
  host: '127.0.0.1',
  // Warnings and errors only (to stderr of the soak run): a session line per join would drown them.
  logger: 'warn',
});
const address = await junction.listen();
const tcp = await listenStompTcp({ port: 0, acceptor: junction, plugin: stompPlugin });
junction.register('soak.echo', (args, kwargs) => new CallResult(args, kwargs));

function stats(): string {
  return JSON.stringify({
    rss: process.memoryUsage().rss,
    heapUsed: process.memoryUsage().heapUsed,
    handles: process.getActiveResourcesInfo().length,
    sessions: junction.sessionCount,
    crashed: junction.stats.session_crashed,
    slowConsumers: junction.stats.slow_consumer,
  });
}

console.log(`ready ${address.port} ${tcp.port}`);
setInterval(() => console.log(`stats ${stats()}`), interval);
process.once('SIGTERM', async () => {
  console.log(`stats ${stats()}`);
  await tcp.close();
  await junction.close();
  process.exit(0);
});
