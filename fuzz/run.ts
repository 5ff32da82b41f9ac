/**
 * `npm run fuzz`: seeded fast-check inputs against every codec and live sessions of every
 * protocol, on a broker in this process. Options: --count N (inputs per protocol, default
 * 100000), --seed N, --protocol stomp|wamp|jsonrpc, --target <name>, --path <fast-check path>,
 * --max-rss-growth MB (default 384), --max-heap-growth MB (after a full GC, default 64). Exits 1
 * on any failure, printing how to replay it.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_COUNT, DEFAULT_SEED, runFuzz, type TargetResult } from './engine.js';
import { PROTOCOLS, type Protocol } from './target.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: String(DEFAULT_COUNT) },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    protocol: { type: 'string', multiple: true },
    target: { type: 'string' },
    path: { type: 'string' },
    'max-rss-growth': { type: 'string', default: '384' },
    'max-heap-growth': { type: 'string', default: '64' },
  },
});

const protocols = (values.protocol ?? PROTOCOLS) as Protocol[];
const unknown = protocols.filter((p) => !PROTOCOLS.includes(p));
if (unknown.length > 0) throw new Error(`unknown protocol ${unknown.join(', ')} (one of ${PROTOCOLS.join(', ')})`);

const MB = 1024 * 1024;
const rss = () => {
  // With --expose-gc, garbage does not count as growth.
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
};

// Anything that escapes the broker's guards fails the run, as the process would be lost.
const escaped: unknown[] = [];
process.on('uncaughtException', (error) => escaped.push(error));
process.on('unhandledRejection', (error) => escaped.push(error));

const seed = Number(values.seed);
const count = Number(values.count);
const rssBefore = rss();
let peak = rssBefore;
console.log(`fuzz: seed ${seed}, ${count} inputs per protocol, protocols ${protocols.join(', ')}`);
const closes = (r: TargetResult) =>
  Object.entries(r.closeCodes)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
const heap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};
const heapBefore = heap();
const print = (r: TargetResult) => {
  const now = rss();
  peak = Math.max(peak, now);
  console.log(
    `${r.target.padEnd(18)} ${String(r.inputs).padStart(7)} inputs  ${String(r.runs).padStart(7)} runs  ` +
      `${(r.ms / 1000).toFixed(1).padStart(6)} s  rss ${Math.round(now / MB)} MB  heap ${Math.round(heap() / MB)} MB  realms ${r.realms}  ${closes(r)}`,
  );
};

try {
  const results = await runFuzz({
    protocols,
    count,
    seed,
    ...(values.target === undefined ? {} : { target: values.target }),
    ...(values.path === undefined ? {} : { path: values.path }),
    onTarget: print,
  });
  if (escaped.length > 0) throw new Error(`exceptions escaped to the process: ${escaped.map(String).join(' | ')}`);
  const growth = (rss() - rssBefore) / MB;
  if (growth > Number(values['max-rss-growth'])) throw new Error(`RSS grew by ${Math.round(growth)} MB`);
  // After a full collection, live objects left behind are a leak, whatever the allocator keeps.
  const heapGrowth = (heap() - heapBefore) / MB;
  if (heapGrowth > Number(values['max-heap-growth'])) throw new Error(`the heap grew by ${Math.round(heapGrowth)} MB`);
  for (const protocol of protocols) {
    const total = results.filter((r) => r.protocol === protocol).reduce((sum, r) => sum + r.inputs, 0);
    console.log(`${protocol}: ${total} inputs`);
  }
  console.log(
    `ok: RSS ${Math.round(rssBefore / MB)} MB before, ${Math.round(peak / MB)} MB peak, growth ${Math.round(growth)} MB; ` +
      `heap ${Math.round(heapBefore / MB)} MB before, ${Math.round(heap() / MB)} MB after`,
  );
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
