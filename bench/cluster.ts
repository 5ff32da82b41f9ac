/**
 * The servers of a cluster row: two Junction nodes on the run's Redis, each under a prefix of its
 * own measurement (a repetition never meets the channels or the dead peers of the one before).
 */
import { type StartedServer, startServer } from './process.js';

export interface ClusterNodes {
  /** The publisher's or the callers' node. */
  readonly a: StartedServer;
  /** The subscribers' or the callee's node. */
  readonly b: StartedServer;
  stop(): Promise<void>;
}

let measurement = 0;

export async function startClusterNodes(script: string, redisUrl: string): Promise<ClusterNodes> {
  const prefix = `bench${process.pid}-${++measurement}:`;
  const a = await startServer(script, ['redis', redisUrl, 'bench-a', prefix]);
  const b = await startServer(script, ['redis', redisUrl, 'bench-b', prefix]).catch(async (err: unknown) => {
    await a.stop();
    throw err;
  });
  return { a, b, stop: async () => void (await Promise.all([a.stop(), b.stop()])) };
}

/** The job fields that point a workload at both nodes and measure both nodes' CPU. */
export function clusterJob(nodes: ClusterNodes): Record<string, unknown> {
  const b = `ws://127.0.0.1:${nodes.b.port}`;
  return {
    url: `ws://127.0.0.1:${nodes.a.port}`,
    subscriberUrl: b,
    calleeUrl: b,
    brokerPid: nodes.a.pid,
    peerPid: nodes.b.pid,
  };
}
