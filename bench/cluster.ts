/**
 * The servers of a cluster row: one or two Junction nodes on the run's Redis, under a prefix of
 * their own measurement (a repetition never meets the channels or the dead peers of the one before).
 */
import { type StartedServer, startServer } from './process.js';

export interface ClusterNodes {
  /** The publisher's or the callers' node. */
  readonly a: StartedServer;
  /** The subscribers' or the callee's node; absent when one node does all (Redis only attached). */
  readonly b?: StartedServer;
  stop(): Promise<void>;
}

let measurement = 0;

export async function startClusterNodes(script: string, redisUrl: string, count: 1 | 2): Promise<ClusterNodes> {
  const prefix = `bench${process.pid}-${++measurement}:`;
  const a = await startServer(script, ['redis', redisUrl, 'bench-a', prefix]);
  if (count === 1) return { a, stop: () => a.stop() };
  const b = await startServer(script, ['redis', redisUrl, 'bench-b', prefix]).catch(async (err: unknown) => {
    await a.stop();
    throw err;
  });
  return { a, b, stop: async () => void (await Promise.all([a.stop(), b.stop()])) };
}

/** The job fields that point a workload at both nodes and measure both nodes' CPU. */
export function clusterJob(nodes: ClusterNodes): Record<string, unknown> {
  const a = { url: `ws://127.0.0.1:${nodes.a.port}`, brokerPid: nodes.a.pid };
  if (nodes.b === undefined) return a;
  const b = `ws://127.0.0.1:${nodes.b.port}`;
  return { ...a, subscriberUrl: b, calleeUrl: b, peerPid: nodes.b.pid };
}
