/**
 * Issue 12, point 2, for shared queues: two broker processes on one private redis-server, a
 * realm's `maxQueuedBytes` counted cluster-wide by the service. A STOMP SEND on node 2 that would
 * pass what node 1's sender already queued gets ERROR `queue_full` naming the limit, then close
 * 1008; once the first message is consumed its bytes are given back and a send fits again.
 * The refusal is asynchronous (the service answers after the SEND was handled): a SEND's RECEIPT
 * may come before the ERROR (docs/cluster.md "Queue bounds, cluster-wide").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../protocols/stomp/frame.js';
import { needs } from '../helpers/needs.js';
import { bodyText, frame, type RawClient, rawClient } from '../protocols/stomp/raw-client.js';
import { type Cluster, startCluster } from './nodes.js';

const hasRedis = await needs('redis-server');
const MAX_BYTES = 4096;
/** A 3000-character text/plain body is counted as 3000 + the content type's 10 bytes. */
const BODY = 'x'.repeat(3000);
const MESSAGE_BYTES = 3000 + 'text/plain'.length;

async function clientOn(url: string): Promise<RawClient> {
  const client = await rawClient(url);
  await client.connect({ 'accept-version': '1.2', host: 'bounded' });
  return client;
}

function send(client: RawClient, destination: string, receipt: string): void {
  client.send(frame('SEND', { destination, 'content-type': 'text/plain', receipt }, BODY));
}

describe.skipIf(!hasRedis)('Shared queue bounds across two nodes on Redis', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2, { limits: { maxQueuedBytes: MAX_BYTES } });
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('refuses a STOMP SEND on one node over the maxQueuedBytes another node filled: ERROR queue_full, then 1008', async () => {
    const [n1, n2] = cluster.nodes.map((node) => node.url) as [string, string];
    const first = await clientOn(n1);
    send(first, '/queue/e2e.bounded', 'stored');
    await first.receipt('stored');

    const second = await clientOn(n2);
    send(second, '/queue/e2e.other', 'refused');
    let error = await second.next();
    if (error.command === 'RECEIPT') error = await second.next();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toBe(
      `Limit maxQueuedBytes exceeded: realm "bounded" holds ${MESSAGE_BYTES} of ${MAX_BYTES} bytes`,
    );
    expect(bodyText(error)).toBe('junction.error.queue_full');
    expect(await second.closed).toBe(1008);

    // The first message was stored once, and is consumed on the other node; its bytes come back.
    const consumer = await clientOn(n2);
    consumer.send(frame('SUBSCRIBE', { id: 's1', destination: '/queue/e2e.bounded' }));
    const message = await consumer.next();
    expect(message.command).toBe('MESSAGE');
    expect(bodyText(message)).toBe(BODY);

    // Auto-ack settles the lease a moment after delivery: send again until one is delivered.
    const delivered = consumer.next();
    for (let tries = 0; ; tries++) {
      const sender = await clientOn(n2);
      send(sender, '/queue/e2e.bounded', 'again');
      const outcome = await Promise.race([delivered.then(() => 'delivered'), sender.closed.then(() => 'refused')]);
      sender.close();
      if (outcome === 'delivered') break;
      expect(tries).toBeLessThan(50);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await delivered).command).toBe('MESSAGE');
    consumer.close();
    first.close();
  });
});
