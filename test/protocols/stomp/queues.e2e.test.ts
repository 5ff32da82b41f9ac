import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, connectedClient, frame, type RawClient, rawClient } from './raw-client.js';

let server: StartedJunction;
let counter = 0;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp({ maxTransactions: 2, maxActionsPerTransaction: 3 })] });
});
afterAll(async () => {
  await server.close();
});

const connected = (version?: string): Promise<RawClient> => connectedClient(server.url, version);

async function subscribe(client: RawClient, destination: string, id = 'sub-0', extra: Record<string, string> = {}) {
  client.send(frame('SUBSCRIBE', { id, destination, receipt: `r-${id}`, ...extra }));
  await client.receipt(`r-${id}`);
}

/** A queue name not used by any other test. */
const freshQueue = () => `/queue/q${++counter}`;

async function sendAll(client: RawClient, destination: string, bodies: string[], extra: Record<string, string> = {}) {
  for (const body of bodies) client.send(frame('SEND', { destination, 'content-type': 'text/plain', ...extra }, body));
  client.send(frame('SEND', { destination: '/topic/flush', receipt: 'flushed' }));
  await client.receipt('flushed');
}

describe('STOMP queues, acks and transactions', () => {
  it('stores queue messages until a consumer subscribes, each to exactly one of two consumers', async () => {
    const queue = freshQueue();
    const sender = await connected();
    await sendAll(sender, queue, ['1', '2', '3', '4']);
    const [a, b] = [await connected(), await connected()];
    await subscribe(a, queue, 'a', { 'prefetch-count': '2', ack: 'client-individual' });
    await subscribe(b, queue, 'b', { 'prefetch-count': '2', ack: 'client-individual' });
    const got = [await a.next(), await a.next(), await b.next(), await b.next()].map(bodyText);
    expect(got.sort()).toEqual(['1', '2', '3', '4']);
    for (const client of [sender, a, b]) client.close();
  });

  it('[STOMP 1.2 SUBSCRIBE ack] client-individual ACK settles only that message', async () => {
    const queue = freshQueue();
    const client = await connected();
    await sendAll(client, queue, ['1', '2']);
    await subscribe(client, queue, 's', { ack: 'client-individual' });
    const [m1, m2] = [await client.next(), await client.next()];
    client.send(frame('ACK', { id: header(m2, 'ack')! }));
    client.close();
    await client.closed;
    const again = await connected();
    await subscribe(again, queue, 's');
    const redelivered = await again.next();
    expect(bodyText(redelivered)).toBe(bodyText(m1));
    expect(header(redelivered, 'redelivered')).toBe('true');
    again.close();
  });

  it('[STOMP 1.2 SUBSCRIBE ack] client-mode ACK is cumulative over the subscription', async () => {
    const queue = freshQueue();
    const client = await connected();
    await sendAll(client, queue, ['1', '2', '3']);
    await subscribe(client, queue, 's', { ack: 'client' });
    const messages = [await client.next(), await client.next(), await client.next()];
    client.send(frame('ACK', { id: header(messages[1]!, 'ack')!, receipt: 'acked' }));
    expect(header(await client.next(), 'receipt-id')).toBe('acked');
    client.close();
    await client.closed;
    const again = await connected();
    await subscribe(again, queue, 's');
    expect(bodyText(await again.next())).toBe('3');
    await again.barrier();
    expect(again.queued).toHaveLength(0);
    again.close();
  });

  it('[STOMP 1.2 Connection Lost] redelivers unacked messages to another client, flagged redelivered', async () => {
    const queue = freshQueue();
    const first = await connected();
    await subscribe(first, queue, 's', { ack: 'client' });
    await sendAll(first, queue, ['lost']);
    expect(header(await first.next(), 'redelivered')).toBeUndefined();
    const second = await connected();
    await subscribe(second, queue, 's', { ack: 'client' });
    first.socket.terminate();
    const message = await second.next();
    expect(bodyText(message)).toBe('lost');
    expect(header(message, 'redelivered')).toBe('true');
    second.close();
  });

  it('[STOMP 1.2 NACK] redelivers a nacked message, and requeue:false drops it', async () => {
    const queue = freshQueue();
    const client = await connected();
    await subscribe(client, queue, 's', { ack: 'client-individual' });
    await sendAll(client, queue, ['retry']);
    client.send(frame('NACK', { id: header(await client.next(), 'ack')! }));
    const again = await client.next();
    expect(header(again, 'redelivered')).toBe('true');
    client.send(frame('NACK', { id: header(again, 'ack')!, requeue: 'false', receipt: 'dropped' }));
    expect(header(await client.next(), 'receipt-id')).toBe('dropped');
    await client.barrier();
    expect(client.queued).toHaveLength(0);
    client.close();
  });

  it('[STOMP 1.2 NACK] in client mode covers every earlier unacked message', async () => {
    const queue = freshQueue();
    const client = await connected();
    await sendAll(client, queue, ['1', '2', '3']);
    await subscribe(client, queue, 's', { ack: 'client' });
    const messages = [await client.next(), await client.next(), await client.next()];
    client.send(frame('NACK', { id: header(messages[1]!, 'ack')!, requeue: 'false', receipt: 'nacked' }));
    await client.receipt('nacked');
    client.close();
    await client.closed;
    const again = await connected();
    await subscribe(again, queue, 's');
    expect(bodyText(await again.next())).toBe('3');
    await again.barrier();
    expect(again.queued).toHaveLength(0);
    again.close();
  });

  it('[STOMP 1.2 ACK] refuses an id that names no unacked message', async () => {
    const client = await connected();
    client.send(frame('ACK', { id: 'q999' }));
    expect(header(await client.next(), 'message')).toMatch(/No message awaiting acknowledgement/);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 ACK] requires id in 1.2', async () => {
    const client = await connected();
    client.send(frame('ACK', { 'message-id': 'q1' }));
    expect(header(await client.next(), 'message')).toBe('Missing header id');
  });

  it('[STOMP 1.1 ACK] uses message-id and subscription', async () => {
    const queue = freshQueue();
    const client = await connected('1.1');
    await subscribe(client, queue, 's', { ack: 'client' });
    await sendAll(client, queue, ['x']);
    const message = await client.next();
    client.send(frame('ACK', { 'message-id': header(message, 'message-id')!, subscription: 's', receipt: 'ok' }));
    expect(header(await client.next(), 'receipt-id')).toBe('ok');
    client.send(frame('ACK', { 'message-id': 'q1' }));
    expect(header(await client.next(), 'message')).toBe('Missing header subscription');
  });

  it('[STOMP 1.2 SUBSCRIBE] prefetch-count bounds unacked messages in flight', async () => {
    const queue = freshQueue();
    const client = await connected();
    await sendAll(client, queue, ['1', '2', '3']);
    await subscribe(client, queue, 's', { ack: 'client-individual', 'prefetch-count': '1' });
    const first = await client.next();
    await client.barrier();
    expect(client.queued).toHaveLength(0);
    client.send(frame('ACK', { id: header(first, 'ack')! }));
    expect(bodyText(await client.next())).toBe('2');
    client.close();
  });

  it('[STOMP 1.2 COMMIT] applies the transaction SENDs atomically at COMMIT', async () => {
    const client = await connected();
    await subscribe(client, '/topic/tx');
    client.send(frame('BEGIN', { transaction: 't1' }));
    client.send(frame('SEND', { destination: '/topic/tx', transaction: 't1', 'content-type': 'text/plain' }, 'a'));
    client.send(frame('SEND', { destination: '/topic/tx', transaction: 't1', 'content-type': 'text/plain' }, 'b'));
    await client.barrier();
    expect(client.queued).toHaveLength(0);
    client.send(frame('COMMIT', { transaction: 't1' }));
    expect([await client.next(), await client.next()].map(bodyText)).toEqual(['a', 'b']);
    client.close();
  });

  it('[STOMP 1.2 ABORT] discards the transaction, including its ACKs', async () => {
    const queue = freshQueue();
    const client = await connected();
    await subscribe(client, '/topic/tx-abort');
    await subscribe(client, queue, 'q', { ack: 'client-individual' });
    await sendAll(client, queue, ['keep']);
    const message = await client.next();
    client.send(frame('BEGIN', { transaction: 't' }));
    client.send(frame('SEND', { destination: '/topic/tx-abort', transaction: 't' }, 'never'));
    client.send(frame('ACK', { id: header(message, 'ack')!, transaction: 't' }));
    client.send(frame('ABORT', { transaction: 't', receipt: 'aborted' }));
    expect(header(await client.next(), 'receipt-id')).toBe('aborted');
    client.close();
    await client.closed;
    const again = await connected();
    await subscribe(again, queue, 'q');
    expect(header(await again.next(), 'redelivered')).toBe('true');
    again.close();
  });

  it('[STOMP 1.2 BEGIN] requires transaction, unique per connection, and bounds open transactions', async () => {
    const client = await connected();
    client.send(frame('BEGIN', { transaction: 'a' }));
    client.send(frame('BEGIN', { transaction: 'a' }));
    expect(header(await client.next(), 'message')).toBe('Transaction a is already open');
    const limited = await connected();
    for (const id of ['1', '2', '3']) limited.send(frame('BEGIN', { transaction: id }));
    expect(header(await limited.next(), 'message')).toBe(
      'Limit maxTransactions (2) exceeded: too many open transactions',
    );
    expect(await limited.closed).toBe(1008);
  });

  it('[STOMP 1.2 Size Limits] names maxActionsPerTransaction when a transaction grows too large', async () => {
    const client = await connected();
    client.send(frame('BEGIN', { transaction: 't' }));
    for (let i = 0; i < 4; i++) client.send(frame('SEND', { destination: '/topic/x', transaction: 't' }));
    expect(header(await client.next(), 'message')).toMatch(/^Limit maxActionsPerTransaction \(3\) exceeded/);
  });

  it('[STOMP 1.2 DISCONNECT] implicitly aborts open transactions', async () => {
    const watcher = await connected();
    await subscribe(watcher, '/topic/tx-dc');
    const client = await connected();
    client.send(frame('BEGIN', { transaction: 't' }));
    client.send(frame('SEND', { destination: '/topic/tx-dc', transaction: 't' }, 'never'));
    client.send(frame('DISCONNECT', { receipt: 'bye' }));
    expect(header(await client.next(), 'receipt-id')).toBe('bye');
    await watcher.barrier();
    expect(watcher.queued).toHaveLength(0);
    watcher.close();
  });

  it('[STOMP 1.0 SUBSCRIBE] allows a subscription without id, unsubscribed by destination', async () => {
    const client = await connected('1.0');
    client.send(frame('SUBSCRIBE', { destination: '/topic/old', receipt: 'r' }));
    expect(header(await client.next(), 'receipt-id')).toBe('r');
    client.send(frame('SEND', { destination: '/topic/old' }, 'x'));
    expect(header(await client.next(), 'subscription')).toBe('/topic/old');
    client.send(frame('UNSUBSCRIBE', { destination: '/topic/old', receipt: 'u' }));
    expect(header(await client.next(), 'receipt-id')).toBe('u');
    client.close();
  });

  it('[STOMP 1.0 NACK] refuses NACK, which 1.0 does not define', async () => {
    const client = await connected('1.0');
    client.send(frame('NACK', { 'message-id': 'q1' }));
    expect(header(await client.next(), 'message')).toBe('NACK is not a STOMP 1.0 command');
  });

  it('[STOMP 1.2 Size Limits] names maxQueueLength when a queue is full, then closes only that client', async () => {
    const small = await startJunction({ protocols: [stomp()], limits: { maxQueueLength: 2 } });
    const client = await rawClient(small.url);
    await client.connect({ 'accept-version': '1.2' });
    for (const body of ['1', '2', '3']) client.send(frame('SEND', { destination: '/queue/full' }, body));
    expect(header(await client.next(), 'message')).toBe('Limit maxQueueLength exceeded: Queue "full" is full');
    expect(await client.closed).toBe(1008);
    await small.close();
  });
});
