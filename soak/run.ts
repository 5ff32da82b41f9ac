/**
 * `npm run soak -- --minutes 10`: mixed traffic on every protocol against a broker in a child
 * process, clients joining and leaving; prints the broker's RSS, active handles and sessions
 * every 30 s, then a verdict: RSS plateaued when the last third's highest sample is within
 * --tolerance % (default 10) of the middle third's. Options: --minutes N (default 10),
 * --clients N (per kind, default 8), --interval S (default 30). Exits 1 on growth or a crash.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Sample, table, verdict } from './report.js';
import { type Counters, Traffic } from './traffic.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    clients: { type: 'string', default: '8' },
    interval: { type: 'string', default: '30' },
    tolerance: { type: 'string', default: '10' },
  },
});
const minutes = Number(values.minutes);
const intervalMs = Number(values.interval) * 1000;

interface BrokerStats {
  rss: number;
  heapUsed: number;
  handles: number;
  sessions: number;
  crashed: number;
  slowConsumers: number;
}

/** Starts the broker; calls `onStats` for each stats line. */
function startBroker(
  onStats: (stats: BrokerStats) => void,
): Promise<{ child: ChildProcess; url: string; tcpPort: number }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'broker.js'), String(intervalMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const ready = /^ready (\d+) (\d+)/.exec(line);
        if (ready) resolve({ child, url: `ws://127.0.0.1:${ready[1]}`, tcpPort: Number(ready[2]) });
        else if (line.startsWith('stats ')) onStats(JSON.parse(line.slice(6)) as BrokerStats);
      }
    });
    child.once('exit', (code) => reject(new Error(`the broker exited with ${code}`)));
  });
}

const started = Date.now();
const samples: Sample[] = [];
let traffic: Traffic | undefined;
let last: Counters | undefined;
let final: BrokerStats | undefined;

function onStats(stats: BrokerStats): void {
  final = stats;
  if (traffic === undefined) return;
  const counters = { ...traffic.counters };
  const seconds = intervalMs / 1000;
  const sample: Sample = {
    seconds: Math.round((Date.now() - started) / 1000),
    rssMb: stats.rss / 2 ** 20,
    heapMb: stats.heapUsed / 2 ** 20,
    handles: stats.handles,
    sessions: stats.sessions,
    clients: traffic.clients,
    publishesPerSecond: Math.round((counters.published - (last?.published ?? 0)) / seconds),
    deliveriesPerSecond: Math.round((counters.delivered - (last?.delivered ?? 0)) / seconds),
    callsPerSecond: Math.round((counters.calls - (last?.calls ?? 0)) / seconds),
    joins: counters.joins,
  };
  last = counters;
  samples.push(sample);
  console.log(table([sample], samples.length === 1));
}

const broker = await startBroker(onStats);
traffic = new Traffic({ url: broker.url, tcpPort: broker.tcpPort }, Number(values.clients));
console.log(`soak: ${minutes} min, ${values.clients} clients per kind, broker pid ${broker.child.pid}`);
await traffic.start();
await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
traffic.stop();
const counters = traffic.counters;
traffic = undefined;
// Every client is gone: the broker must be back to no session.
await new Promise((resolve) => setTimeout(resolve, 3000));
await new Promise<void>((resolve) => {
  broker.child.once('exit', () => resolve());
  broker.child.kill('SIGTERM');
});
const result = verdict(samples, Number(values.tolerance));
console.log(
  `\njoins ${counters.joins}, leaves ${counters.leaves}, published ${counters.published}, ` +
    `delivered ${counters.delivered}, calls ${counters.calls} (${counters.callErrors} failed), join errors ${counters.joinErrors}`,
);
console.log(
  `after the clients left: sessions ${final?.sessions}, handles ${final?.handles}, crashed sessions ${final?.crashed}`,
);
console.log(result.text);
process.exit(result.plateaued && final?.crashed === 0 && final.sessions === 0 ? 0 : 1);
