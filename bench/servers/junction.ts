/**
 * Junction as the benchmark target: every built-in protocol, an echo procedure in code, quiet logs.
 * Usage: node junction.js <port> [default-limits]
 *        node junction.js <port> redis <redis url> <node id> <prefix>   (one node of a cluster)
 */
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction, createRedisEngine } from '../../src/index.js';

const [, , port, mode, redisUrl, nodeId, prefix] = process.argv;
const engine =
  mode === 'redis' && redisUrl !== undefined
    ? createRedisEngine({
        url: redisUrl,
        ...(nodeId !== undefined && { nodeId }),
        ...(prefix !== undefined && { prefix }),
      })
    : undefined;

const junction = createJunction({
  protocols: [stomp(), wamp(), jsonrpc()],
  port: Number(port ?? 0),
  logger: 'warn',
  ...(engine !== undefined && { engine }),
  limits: {
    maxConnections: 20_000,
    // Every generator client comes from 127.0.0.1: the per-address cap is the broker-wide one here.
    maxConnectionsPerAddress: 20_000,
    maxQueueLength: 1_000_000,
    // The cluster fan-out row floods 1.5 MB to each of its 10 subscribers: 10,000 publishes can
    // reach the broker in one turn, and the default 1 MiB slow-consumer cap would then close
    // healthy subscribers before the kernel had a chance to hand them the first turn's bytes.
    maxBufferedBytes: 16 * 1024 * 1024,
    // Throughput rows measure the broker, not the default 10,000 messages/s of one connection (an
    // RPC callee answers more); the flood row runs with the default rate limits ('default-limits').
    ...(mode === 'default-limits' ? {} : { messagesPerSecond: 1_000_000_000 }),
  },
});
const address = await junction.listen();
console.log(`ready ${address.port}`);
process.once('SIGTERM', () => junction.close().then(() => process.exit(0)));
