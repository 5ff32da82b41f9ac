/**
 * Junction as the benchmark target: every built-in protocol, an echo procedure in code, quiet logs.
 * Usage: node junction.js <port> [default-limits]
 */
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction } from '../../src/index.js';

const junction = createJunction({
  protocols: [stomp(), wamp(), jsonrpc()],
  port: Number(process.argv[2] ?? 0),
  logger: 'warn',
  limits: {
    maxConnections: 20_000,
    // Every generator client comes from 127.0.0.1: the per-address cap is the broker-wide one here.
    maxConnectionsPerAddress: 20_000,
    maxQueueLength: 1_000_000,
    // Throughput rows measure the broker, not the default 10,000 messages/s of one connection (an
    // RPC callee answers more); the flood row runs with the default rate limits ('default-limits').
    ...(process.argv[3] === 'default-limits' ? {} : { messagesPerSecond: 1_000_000_000 }),
  },
});
const address = await junction.listen();
console.log(`ready ${address.port}`);
process.once('SIGTERM', () => junction.close().then(() => process.exit(0)));
