/**
 * Broker processes for the end-to-end cluster tests: `node dist/cli/main.js --redis ...` (built by
 * `npm run build`; `npm test` does it in "pretest"), all on one private redis-server.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cliBin, waitForLog } from '../helpers/cli-process.js';
import { getJson } from '../helpers/ws-client.js';
import { eventually } from './harness.js';
import { RedisServer } from './redis-server.js';

/** The documented liveness bound (docs/cluster.md "Liveness"): 5 s node timeout, swept every second. */
export const NODE_TIMEOUT_MS = 5000;

export interface BrokerProcess {
  readonly nodeId: string;
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Kills the process without a goodbye (SIGKILL) and resolves once it exited. */
  kill(): Promise<void>;
}

async function startBroker(redisUrl: string, nodeId: string): Promise<BrokerProcess> {
  const args = [cliBin, '--port', '0', '--log-level', 'info', '--redis', redisUrl, '--node-id', nodeId];
  const child = spawn(process.execPath, args);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const line = await waitForLog(child, 'junction listening', nodeId);
  return { nodeId, url: String(line.url), child, kill };
}

export interface Cluster {
  readonly redis: RedisServer;
  readonly nodes: readonly BrokerProcess[];
  stop(): Promise<void>;
}

/** `count` nodes (n1, n2, ...) on a fresh redis-server, each ready (`/readyz` 200) and aware of the others. */
export async function startCluster(count: number): Promise<Cluster> {
  const redis = await RedisServer.start();
  const nodes = await Promise.all([...Array(count).keys()].map((i) => startBroker(redis.url, `n${i + 1}`)));
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.kill()));
    await redis.stop();
  };
  try {
    for (const node of nodes) {
      await eventually(async () => (await getJson(`${node.url.replace('ws', 'http')}/readyz`)).status === 200, 15_000);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { redis, nodes, stop };
}
