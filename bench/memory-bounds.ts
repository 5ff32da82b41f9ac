/**
 * Issue 12's two memory attacks against one in-process broker, printing RSS and heap after a full
 * GC at each step (a script, not a test: memory numbers are not assertions a loaded CI can keep).
 *
 *   npm run build && node --expose-gc dist/bench/memory-bounds.js
 *
 * 1. 10,000 STOMP CONNECTs, each naming a new `host`, in waves that stay under `maxRealms`: every
 *    realm is forgotten when its session leaves, so memory returns to the baseline.
 * 2. 40 queues × 2,000 messages × 2 KiB from senders that leave: the realm holds at most
 *    `maxQueuedBytes` (the rest is refused with queue_full), and a consumer draining the queues
 *    gives it back.
 */
import WebSocket from 'ws';
import { stomp } from '../protocols/stomp/index.js';
import { createJunction } from '../src/server/junction.js';

const CONNECTS = 10_000;
const WAVE = 50;
const QUEUES = 40;
const PER_QUEUE = 2_000;
const BODY = 'x'.repeat(2048);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function memory(step: string): void {
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  console.log(`${step.padEnd(58)} rss ${(rss / 2 ** 20).toFixed(1)} MiB, heap ${(heapUsed / 2 ** 20).toFixed(1)} MiB`);
}

/** A STOMP client on `host`: resolves with its socket once CONNECTED (or the ERROR's message). */
function connect(url: string, host: string): Promise<{ ws: WebSocket; refused?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'v12.stomp');
    ws.once('error', reject);
    ws.once('open', () => ws.send(`CONNECT\naccept-version:1.2\nhost:${host}\n\n\0`));
    ws.once('message', (data) => {
      const text = data.toString();
      resolve(text.startsWith('CONNECTED') ? { ws } : { ws, refused: /message:(.*)/.exec(text)?.[1] ?? text });
    });
  });
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  const closing = sockets.map(
    (ws) =>
      new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      }),
  );
  await Promise.all(closing);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

const junction = createJunction({ protocols: [stomp()], port: 0, logger: 'silent' });
await junction.listen();
const { url, router } = junction;
memory('baseline');

// ---- 1. a new realm per CONNECT --------------------------------------------------------------
// Twice: what the first round leaves in RSS is the allocator's, if the second does not add to it.
for (const round of ['first', 'second']) {
  let created = 0;
  for (let i = 0; i < CONNECTS; i += WAVE) {
    const wave = await Promise.all(
      Array.from({ length: Math.min(WAVE, CONNECTS - i) }, (_, k) => connect(url, `${round}.h${i + k}`)),
    );
    created += wave.filter((client) => client.refused === undefined).length;
    await closeAll(wave.map((client) => client.ws));
  }
  await settle();
  console.log(`${created} of ${CONNECTS} CONNECTs joined a new realm; realms now: ${router.realmNames().length}`);
  memory(`after the ${round} ${CONNECTS} CONNECTs naming new hosts`);
}

// ---- 2. a queue flood from senders that leave --------------------------------------------------
let refused = 0;
await Promise.all(
  Array.from({ length: QUEUES }, async (_, q) => {
    const { ws } = await connect(url, '/');
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('ERROR')) refused++;
        if (text.startsWith('RECEIPT') || text.startsWith('ERROR')) resolve();
      });
      ws.once('close', () => resolve());
    });
    for (let m = 0; m < PER_QUEUE; m++) ws.send(`SEND\ndestination:/queue/flood${q}\n\n${BODY}\0`);
    ws.send('SEND\ndestination:/topic/flush\nreceipt:done\n\n\0');
    await done;
    await closeAll([ws]);
  }),
);
const realm = router.realm(router.defaultRealm)!;
const waiting = realm.queues().reduce((sum, queue) => sum + queue.waiting, 0);
console.log(`${refused} senders refused; ${waiting} messages, ${realm.queuedBytes()} bytes queued`);
memory(`after ${QUEUES} × ${PER_QUEUE} × 2 KiB from senders that left`);

// Client acks with a small prefetch: 40 subscriptions in flight must stay under maxBufferedBytes
// (1 MiB), or the broker closes the consumer as slow (an auto-ack one would lose the rest).
const { ws: consumer } = await connect(url, '/');
let received = 0;
consumer.on('message', (data) => {
  for (const frame of data.toString().split('\0')) {
    const ack = /\nack:([^\n]*)/.exec(frame)?.[1];
    if (ack === undefined) continue;
    received++;
    consumer.send(`ACK\nid:${ack}\n\n\0`);
  }
});
for (let q = 0; q < QUEUES; q++) {
  consumer.send(`SUBSCRIBE\nid:s${q}\ndestination:/queue/flood${q}\nack:client-individual\nprefetch-count:5\n\n\0`);
}
while (realm.queuedBytes() > 0) await settle();
await closeAll([consumer]);
await settle();
console.log(`consumer received and acked ${received} messages; ${realm.queuedBytes()} bytes queued`);
memory('after the queues were drained');

await junction.close();
