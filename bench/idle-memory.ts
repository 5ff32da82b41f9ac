/**
 * Idle memory per connection (issue 13): the broker's RSS per connection that is logged in with
 * one subscription and then says nothing, for STOMP, WAMP (json) and JSON-RPC, beside a bare `ws`
 * server holding the same number of sockets. The broker runs as its own process (the CLI) and the
 * clients live in this one, so their memory is not in the figure. A script, not a test: memory
 * numbers are not assertions a loaded CI can keep.
 *
 *   npm run build && node dist/bench/idle-memory.js [--connections 5000] [--repeat 3]
 *                                                   [--only ws,stomp,wamp,jsonrpc] [--snapshots <dir>]
 *
 * Per target: start the server, open and log in WARMUP connections (one-time costs: code, the
 * realm, the topics), sample RSS after a full GC, open `--connections` more, sample again; the
 * figure is the difference over the added connections, the median of `--repeat` fresh servers
 * (RSS grows in pages and heap reservations, so one run is noisy). Each process holds one socket per
 * connection: `ulimit -n` must exceed the count (20,000 here). `--snapshots` writes the server's
 * heap snapshots at both samples into a directory (memory-probe.ts), to see what a session holds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const WARMUP = 200;
/** Connections logging in at once. */
const CONCURRENCY = 100;
/** Topics the subscriptions spread over (as the suite's idle row: bench.idle.t0 … t99). */
const TOPICS = 100;

/** One step of a login: a message, and the test that the answer to it arrived. */
interface Step {
  readonly send: string;
  readonly answered: (text: string) => boolean;
}

interface Target {
  /** The WebSocket subprotocol offered; none for JSON-RPC (the fallback) and the bare server. */
  readonly token?: string;
  /** What each client says after opening, one step at a time: log in, subscribe once. */
  readonly steps: (topic: string) => readonly Step[];
  /** The bare `ws` server instead of the broker. */
  readonly bare?: boolean;
}

const targets: Record<string, Target> = {
  ws: { bare: true, steps: () => [] },
  stomp: {
    token: 'v12.stomp',
    steps: (topic) => [
      { send: 'CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0', answered: (text) => text.startsWith('CONNECTED') },
      {
        send: `SUBSCRIBE\nid:0\ndestination:/topic/${topic}\nreceipt:r0\n\n\0`,
        answered: (text) => text.startsWith('RECEIPT'),
      },
    ],
  },
  wamp: {
    token: 'wamp.2.json',
    steps: (topic) => [
      {
        send: JSON.stringify([1, 'realm1', { roles: { subscriber: {} } }]),
        answered: (text) => text.startsWith('[2,'),
      },
      { send: JSON.stringify([32, 1, {}, topic]), answered: (text) => text.startsWith('[33,') },
    ],
  },
  jsonrpc: {
    steps: (topic) => [
      {
        // Anonymous access: the first request joins the default realm.
        send: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: [topic] }),
        answered: (text) => typeof (JSON.parse(text) as { result?: unknown }).result === 'number',
      },
    ],
  },
};

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '5000' },
    only: { type: 'string', default: 'ws,stomp,wamp,jsonrpc' },
    repeat: { type: 'string', default: '3' },
    snapshots: { type: 'string' },
  },
});
const connections = Number(values.connections);
const repeat = Number(values.repeat);
const chosen = values.only.split(',');
const dist = join(import.meta.dirname, '..');

// ---- the measured server ------------------------------------------------------------------------

interface Server {
  readonly port: number;
  /** Full GC in the server, then its process.memoryUsage() (memory-probe.ts). */
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function listening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket.destroy() !== undefined));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${port}`);
}

/** The broker (CLI, logs off, caps raised for one address) or the bare relay, with the probe preloaded. */
function serverArgs(target: Target, port: number, configFile: string): string[] {
  const probe = ['--expose-gc', '--import', join(dist, 'bench', 'memory-probe.js')];
  if (target.bare) return [...probe, join(dist, 'bench', 'servers', 'relay.js'), String(port), 'fanout', 'plain'];
  return [
    ...probe,
    join(dist, 'cli', 'main.js'),
    '--port',
    String(port),
    '--log-level',
    'silent',
    '--config',
    configFile,
  ];
}

async function startServer(target: Target, configFile: string): Promise<Server> {
  const port = await freePort();
  const env =
    values.snapshots === undefined ? process.env : { ...process.env, MEMORY_PROBE_SNAPSHOTS: values.snapshots };
  const child = spawn(process.execPath, serverArgs(target, port, configFile), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  const waiting: ((usage: NodeJS.MemoryUsage) => void)[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('memory ')) waiting.shift()?.(JSON.parse(line.slice(7)) as NodeJS.MemoryUsage);
    }
  });
  await listening(port);
  return {
    port,
    memory: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.kill('SIGUSR2');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

// ---- the clients --------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens one client and walks its steps; resolves with the socket, logged in and subscribed. */
function client(url: string, target: Target, index: number): Promise<WebSocket> {
  const steps = target.steps(`bench.idle.t${index % TOPICS}`);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, target.token === undefined ? [] : [target.token], { perMessageDeflate: false });
    let step = 0;
    const timer = setTimeout(() => reject(new Error(`client ${index}: no answer to step ${step}`)), 30_000);
    const next = () => {
      const current = steps[step];
      if (current === undefined) {
        clearTimeout(timer);
        ws.removeAllListeners('message');
        return resolve(ws);
      }
      ws.send(current.send);
    };
    ws.once('open', next);
    ws.once('error', reject);
    ws.once('close', (code, reason) => reject(new Error(`client ${index} closed: ${code} ${reason}`)));
    ws.on('message', (data) => {
      if (steps[step]?.answered(data.toString()) !== true) return reject(new Error(`client ${index}: ${data}`));
      step++;
      next();
    });
  });
}

async function openClients(url: string, target: Target, from: number, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - i) }, (_, k) => client(url, target, from + i + k));
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

// ---- one row ------------------------------------------------------------------------------------

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** Full GC, then a second sample a moment later: the lower one (the allocator returns pages lazily). */
async function settledMemory(server: Server): Promise<NodeJS.MemoryUsage> {
  await sleep(1000);
  const first = await server.memory();
  await sleep(1000);
  const second = await server.memory();
  return first.rss <= second.rss ? first : second;
}

interface PerConnection {
  readonly rss: number;
  readonly heap: number;
}

/** One server, WARMUP then `connections` more: bytes per added connection. */
async function measureOnce(target: Target, configFile: string): Promise<PerConnection> {
  const server = await startServer(target, configFile);
  const url = `ws://127.0.0.1:${server.port}`;
  const sockets = await openClients(url, target, 0, WARMUP);
  const before = await settledMemory(server);
  sockets.push(...(await openClients(url, target, WARMUP, connections)));
  const after = await settledMemory(server);
  for (const ws of sockets) ws.terminate();
  await server.stop();
  return {
    rss: (after.rss - before.rss) / connections,
    heap: (after.heapUsed - before.heapUsed) / connections,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** RSS moves in pages and heap reservations: each target runs `--repeat` times on a fresh server, the median reported. */
async function measure(name: string, target: Target, configFile: string): Promise<void> {
  const runs: PerConnection[] = [];
  for (let run = 0; run < repeat; run++) runs.push(await measureOnce(target, configFile));
  const rss = runs.map((r) => r.rss);
  const heap = runs.map((r) => r.heap);
  console.log(
    `${name.padEnd(8)} ${connections} idle connections: rss ${kb(median(rss))} per connection, heap ${kb(median(heap))}` +
      ` (median of ${repeat}; rss runs ${rss.map(kb).join(', ')})`,
  );
}

// Every client comes from 127.0.0.1: raise the connection caps above the count; logins and
// subscriptions arrive at CONCURRENCY at a time, well under the default inbound rates.
const configDir = mkdtempSync(join(tmpdir(), 'idle-memory-'));
const configFile = join(configDir, 'junction.json');
const cap = connections + WARMUP + 100;
writeFileSync(configFile, JSON.stringify({ limits: { maxConnections: cap, maxConnectionsPerAddress: cap } }));
try {
  for (const name of chosen) {
    const target = targets[name];
    if (target === undefined) throw new Error(`unknown target ${name}; known: ${Object.keys(targets).join(', ')}`);
    await measure(name, target, configFile);
  }
} finally {
  rmSync(configDir, { recursive: true, force: true });
}
