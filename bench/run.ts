/**
 * `npm run bench`: every scenario against every target, server on CPU 0 and generator on CPU 1,
 * one JSON line per run on stdout and a Markdown table at the end (also written to
 * bench/results/). Each row carries the generator's and the broker's CPU; a row whose generator
 * is above 90 % is marked generator-bound and gives no ratio (bench/cpu.ts, bench/report.ts). Options: --repeat N (default 3), --only <text> (scenario or target filter, repeatable),
 * --idle N (idle connections, default 10000). The cluster rows start their own redis-server
 * (bench/redis.ts) and are skipped, saying so, when it is not installed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { type ClusterNodes, clusterJob, startClusterNodes } from './cluster.js';
import { cpuPercent } from './cpu.js';
import { cpuSeconds, pidListeningOn, rssBytes, runGenerator, startServer } from './process.js';
import { type BenchRedis, hasRedisServer, startRedis } from './redis.js';
import { type Measurement, markdownReport } from './report.js';
import { type Scenario, suite } from './suite.js';
import type { Target } from './targets.js';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    only: { type: 'string', multiple: true },
    idle: { type: 'string', default: '10000' },
  },
});
const repeat = Number(values.repeat);

function reachable(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, ['v12.stomp']);
    const done = (ok: boolean) => {
      ws.terminate();
      resolve(ok);
    };
    ws.once('open', () => done(true));
    ws.once('error', () => done(false));
  });
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The run's own Redis, started for the first cluster row and stopped at the end of the run. */
let redis: Promise<BenchRedis> | undefined;

async function startNodes(target: Target): Promise<ClusterNodes | undefined> {
  if (!target.cluster || !target.server) return undefined;
  redis ??= startRedis();
  return startClusterNodes(target.server.script, (await redis).url, target.cluster);
}

async function measureOnce(scenario: Scenario, target: Target): Promise<Record<string, unknown>> {
  const nodes = await startNodes(target);
  const server = target.server && !nodes ? await startServer(target.server.script, target.server.args) : undefined;
  const url = server ? `ws://127.0.0.1:${server.port}${target.path ?? ''}` : (target.externalUrl as string);
  const pid = server?.pid ?? nodes?.a.pid ?? pidListeningOn(15674);
  try {
    const job = {
      workload: scenario.workload,
      url,
      publisher: target.driver,
      subscribers: [target.driver],
      driver: target.driver,
      // The generator reads the broker's CPU over its own measured interval (bench/cpu.ts).
      brokerPid: pid,
      ...(nodes && clusterJob(nodes)),
      ...scenario.job,
    };
    if (scenario.workload === 'idle') {
      if (target.role === 'rabbitmq') Object.assign(job, { connections: Math.min(Number(values.idle), 2000) });
      else Object.assign(job, { connections: Number(values.idle) });
    }
    await settle(300);
    const rssBefore = pid ? rssBytes(pid) : 0;
    const cpuBefore = pid ? cpuSeconds(pid) : 0;
    const started = Date.now();
    const { result, release } = await runGenerator(job);
    const wall = (Date.now() - started) / 1000;
    if (scenario.workload === 'idle') {
      await settle(1500);
      const connections = result.connections as number;
      result.bytesPerConnection = pid ? Math.round((rssBytes(pid) - rssBefore) / connections) : null;
      release();
    }
    // Workloads that do not measure the broker themselves (idle, flood): over the generator's life.
    if (typeof result.brokerCpu !== 'number')
      result.brokerCpu = pid ? cpuPercent(cpuSeconds(pid) - cpuBefore, wall) : null;
    return result;
  } finally {
    await server?.stop();
    await nodes?.stop();
  }
}

function metricOf(result: Record<string, unknown>, metric: Scenario['metric']): number {
  if (metric === 'latencyMs.p99') return (result.latencyMs as { p99: number }).p99;
  return result[metric] as number;
}

async function main(): Promise<void> {
  const rabbit = await reachable('ws://127.0.0.1:15674/ws');
  if (!rabbit) {
    console.log('# RabbitMQ Web-STOMP not reachable at ws://127.0.0.1:15674/ws: its rows are skipped');
    console.log('#   (enable it with: rabbitmq-plugins enable rabbitmq_web_stomp)');
  }
  const withRedis = hasRedisServer();
  if (!withRedis) {
    console.log('# ***** redis-server is not installed: the cluster rows (two nodes on Redis) are SKIPPED *****');
    console.log('#   (install it, e.g. apt-get install redis-server, to measure them)');
  }
  const measurements: Measurement[] = [];
  for (const scenario of suite) {
    for (const target of scenario.targets) {
      if (target.role === 'rabbitmq' && !rabbit) continue;
      if (target.cluster && !withRedis) continue;
      const name = `${scenario.name} ${target.name}`;
      if (values.only && !values.only.some((text) => name.includes(text))) continue;
      const runs: Record<string, unknown>[] = [];
      try {
        for (let i = 0; i < (scenario.repeat ?? repeat); i++) runs.push(await measureOnce(scenario, target));
      } catch (err) {
        // One failed target must not cost the rest of the run: report it and go on.
        console.log(JSON.stringify({ scenario: scenario.name, target: target.name, error: String(err) }));
        continue;
      }
      runs.sort((a, b) => metricOf(a, scenario.metric) - metricOf(b, scenario.metric));
      const median = runs[Math.floor(runs.length / 2)] as Record<string, unknown>;
      const measurement: Measurement = {
        scenario: scenario.name,
        target: target.name,
        role: target.role,
        metric: scenario.metric,
        value: metricOf(median, scenario.metric),
        runs: runs.length,
        result: median,
      };
      measurements.push(measurement);
      console.log(JSON.stringify(measurement));
    }
  }
  await redis?.then(
    (started) => started.stop(),
    () => {},
  );
  const report = markdownReport(measurements);
  console.log(`\n${report}`);
  const dir = join(import.meta.dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(measurements, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), `${report}\n`);
}

await main();
