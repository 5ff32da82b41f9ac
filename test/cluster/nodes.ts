/**
 * Broker processes for the end-to-end cluster tests: `node dist/cli/main.js --redis ...` (built by
 * `npm run build`; `npm test` does it in "pretest"), all on one private redis-server.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

async function startBroker(redisUrl: string, nodeId: string, configFile?: string): Promise<BrokerProcess> {
  const args = [cliBin, '--port', '0', '--log-level', 'info', '--redis', redisUrl, '--node-id', nodeId];
  if (configFile !== undefined) args.push('--config', configFile);
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

/**
 * `count` nodes (n1, n2, ...) on a fresh redis-server, each ready (`/readyz` 200) and aware of the
 * others; `config` is the config file every node reads (e.g. `auth.users`), when given.
 */
export async function startCluster(count: number, config?: object): Promise<Cluster> {
  const redis = await RedisServer.start();
  let configFile: string | undefined;
  if (config !== undefined) {
    configFile = join(mkdtempSync(join(tmpdir(), 'junction-cluster-')), 'junction.json');
    writeFileSync(configFile, JSON.stringify(config));
  }
  const nodes = await Promise.all([...Array(count).keys()].map((i) => startBroker(redis.url, `n${i + 1}`, configFile)));
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.kill()));
    await redis.stop();
    if (configFile !== undefined) rmSync(dirname(configFile), { recursive: true, force: true });
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
