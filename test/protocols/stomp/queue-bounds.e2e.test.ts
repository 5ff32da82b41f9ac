/**
 * Issue 12, point 2, over real sockets. STOMP is the protocol that reaches queues (WAMP and
 * JSON-RPC publish to topics only, docs/cross-protocol.md): a send over `maxQueuesPerRealm` or
 * `maxQueuedBytes` gets an ERROR naming the limit with `junction.error.queue_full` as its body,
 * then close 1008; a flood from senders that left stays under the byte cap and its memory is
 * given back when consumed or expired (STOMP `expires`, `queueMessageTtl`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { eventually } from '../../helpers/eventually.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, frame, type RawClient, rawClient } from './raw-client.js';

const KIB2 = 'x'.repeat(2048);
/** A 2 KiB text/plain body is counted as its 2048 characters and its content type. */
const MESSAGE_BYTES = 2048 + 'text/plain'.length;
const MAX_BYTES = 200 * 1024;

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({
    protocols: [stomp()],
    limits: { maxQueuesPerRealm: 50, maxQueuedBytes: MAX_BYTES },
  });
});
afterAll(async () => {
  await server.close();
});

/** A client on its own realm (the `host` header), so each test counts only its own queues. */
async function clientOn(realm: string, url = server.url): Promise<RawClient> {
  const client = await rawClient(url);
  await client.connect({ 'accept-version': '1.2', host: realm });
  return client;
}

function send(client: RawClient, destination: string, extra: Record<string, string> = {}, body = KIB2): void {
  client.send(frame('SEND', { destination, 'content-type': 'text/plain', ...extra }, body));
}

async function flushed(client: RawClient): Promise<void> {
  client.send(frame('SEND', { destination: '/topic/flush', receipt: 'flushed' }));
  await client.receipt('flushed');
}

describe('STOMP queue bounds', () => {
  it('refuses a SEND that would open one queue more than maxQueuesPerRealm: ERROR with queue_full, then 1008', async () => {
    const client = await clientOn('count');
    for (let i = 0; i < 50; i++) send(client, `/queue/q${i}`, {}, 'x');
    send(client, '/queue/q0', {}, 'x');
    await flushed(client);
    send(client, '/queue/one-more', {}, 'x');
    const error = await client.next();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toBe('Limit maxQueuesPerRealm exceeded: realm "count" has 50 queues');
    expect(bodyText(error)).toBe('junction.error.queue_full');
    expect(await client.closed).toBe(1008);
    expect(server.junction.router.realm('count')?.queues()).toHaveLength(50);
  });

  it('keeps a 40-queue flood from senders that left under maxQueuedBytes, and gives its bytes back once consumed', async () => {
    const realm = () => server.junction.router.realm('flood')!;
    const sender = await clientOn('flood');
    for (let q = 0; q < 40; q++) for (let m = 0; m < 2; m++) send(sender, `/queue/flood${q}`);
    await flushed(sender);
    sender.close();
    expect(realm().queuedBytes()).toBe(80 * MESSAGE_BYTES);

    const more = await clientOn('flood');
    for (let m = 0; m < 30; m++) send(more, '/queue/flood.more');
    const error = await more.next();
    expect(header(error, 'message')).toMatch(
      /^Limit maxQueuedBytes exceeded: realm "flood" holds \d+ of 204800 bytes$/,
    );
    expect(bodyText(error)).toBe('junction.error.queue_full');
    expect(await more.closed).toBe(1008);
    const fitted = Math.floor(MAX_BYTES / MESSAGE_BYTES) - 80;
    expect(realm().queuedBytes()).toBe((80 + fitted) * MESSAGE_BYTES);
    expect(realm().queuedBytes()).toBeLessThanOrEqual(MAX_BYTES);

    const consumer = await clientOn('flood');
    const queues = [...Array.from({ length: 40 }, (_, q) => `/queue/flood${q}`), '/queue/flood.more'];
    for (const [id, destination] of queues.entries()) consumer.send(frame('SUBSCRIBE', { id: `s${id}`, destination }));
    await eventually(() => expect(consumer.queued.filter((f) => f.command === 'MESSAGE')).toHaveLength(80 + fitted));
    await eventually(() => expect(realm().queuedBytes()).toBe(0));
    consumer.close();
    await eventually(() => expect(server.junction.router.realm('flood')).toBeUndefined());
  });

  it('[STOMP expires] never delivers a message whose expires has passed, and delivers one still valid with its header', async () => {
    const client = await clientOn('expiry');
    const later = String(Date.now() + 60_000);
    send(client, '/queue/jobs', { expires: String(Date.now() - 1000) }, 'stale');
    send(client, '/queue/jobs', { expires: later }, 'fresh');
    send(client, '/queue/jobs', { expires: '0' }, 'forever');
    await flushed(client);
    // Body, content type and the `expires` user header of the two kept; the stale one is not counted.
    const kept = `freshtext/plainexpires${later}`.length + 'forevertext/plainexpires0'.length;
    expect(server.junction.router.realm('expiry')?.queuedBytes()).toBe(kept);
    client.send(frame('SUBSCRIBE', { id: 's', destination: '/queue/jobs' }));
    const [first, second] = [await client.next(), await client.next()];
    expect([bodyText(first), bodyText(second)]).toEqual(['fresh', 'forever']);
    expect(header(first, 'expires')).toBe(later);
    await client.barrier();
    expect(client.queued).toEqual([]);
    expect(server.junction.router.realm('expiry')?.queuedBytes()).toBe(0);
    client.close();
  });

  it('[STOMP expires] refuses an expires that is not milliseconds since the epoch', async () => {
    const client = await clientOn('expiry-bad');
    send(client, '/queue/jobs', { expires: 'tomorrow' }, 'x');
    const error = await client.next();
    expect(header(error, 'message')).toBe('expires must be milliseconds since the epoch, got "tomorrow"');
  });

  it('drops messages nobody consumed after queueMessageTtl, giving their bytes and the queue back', async () => {
    const short = await startJunction({ protocols: [stomp()], limits: { queueMessageTtl: 200 } });
    try {
      const sender = await clientOn('ttl', short.url);
      for (let m = 0; m < 3; m++) send(sender, '/queue/jobs');
      await flushed(sender);
      expect(short.junction.router.realm('ttl')?.queuedBytes()).toBe(3 * MESSAGE_BYTES);
      await eventually(() => expect(short.junction.router.realm('ttl')?.queuedBytes()).toBe(0));
      expect(short.junction.router.realm('ttl')?.queues()).toEqual([]);
      sender.send(frame('SUBSCRIBE', { id: 's', destination: '/queue/jobs' }));
      await sender.barrier();
      expect(sender.queued).toEqual([]);
      sender.close();
      await eventually(() => expect(short.junction.router.realm('ttl')).toBeUndefined());
    } finally {
      await short.close();
    }
  });
});
