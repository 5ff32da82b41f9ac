import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, connectedClient, frame, type RawClient, sleep } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp({ maxSubscriptions: 3 })] });
});
afterAll(async () => {
  await server.close();
});

const connected = (version?: string): Promise<RawClient> => connectedClient(server.url, version);

async function subscribe(client: RawClient, destination: string, id = 'sub-0', extra: Record<string, string> = {}) {
  client.send(frame('SUBSCRIBE', { id, destination, receipt: `r-${id}`, ...extra }));
  expect(header(await client.next(), 'receipt-id')).toBe(`r-${id}`);
}

const text = { 'content-type': 'text/plain' };

describe('STOMP client frames', () => {
  it('[STOMP 1.2 SEND] requires destination: ERROR, then close', async () => {
    const client = await connected();
    client.send(frame('SEND', { receipt: 'r1' }, 'x'));
    const error = await client.next();
    expect(header(error, 'message')).toBe('Missing header destination');
    expect(header(error, 'receipt-id')).toBe('r1');
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 SEND] passes user-defined headers through to MESSAGE', async () => {
    const client = await connected();
    await subscribe(client, '/topic/user-headers');
    client.send(frame('SEND', { destination: '/topic/user-headers', 'x-trace': 'abc', priority: '5' }));
    const message = await client.next();
    expect(header(message, 'x-trace')).toBe('abc');
    expect(header(message, 'priority')).toBe('5');
    client.close();
  });

  it('[STOMP 1.2 SUBSCRIBE] requires destination and id', async () => {
    const noId = await connected();
    noId.send(frame('SUBSCRIBE', { destination: '/topic/a' }));
    expect(header(await noId.next(), 'message')).toBe('Missing header id');
    const noDestination = await connected();
    noDestination.send(frame('SUBSCRIBE', { id: '1' }));
    expect(header(await noDestination.next(), 'message')).toBe('Missing header destination');
    expect(await noDestination.closed).toBe(1002);
  });

  it('[STOMP 1.2 SUBSCRIBE] refuses an id already used on the connection', async () => {
    const client = await connected();
    await subscribe(client, '/topic/a', 'same');
    client.send(frame('SUBSCRIBE', { id: 'same', destination: '/topic/b' }));
    expect(header(await client.next(), 'message')).toMatch(/already in use/);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 SUBSCRIBE] answers a subscription that cannot be created with ERROR, then close', async () => {
    const client = await connected();
    client.send(frame('SUBSCRIBE', { id: '1', destination: '/exchange/amq.topic' }));
    const error = await client.next();
    expect(header(error, 'message')).toMatch(/Unknown destination .*\/topic\/, \/queue\//);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 Size Limits] names maxSubscriptions when a connection holds too many', async () => {
    const client = await connected();
    for (const id of ['a', 'b', 'c']) await subscribe(client, `/topic/${id}`, id);
    client.send(frame('SUBSCRIBE', { id: 'd', destination: '/topic/d' }));
    expect(header(await client.next(), 'message')).toBe('Limit maxSubscriptions (3) exceeded: too many subscriptions');
    expect(await client.closed).toBe(1008);
  });

  it('[STOMP 1.2 UNSUBSCRIBE] stops delivery for that id', async () => {
    const client = await connected();
    await subscribe(client, '/topic/unsub', 'u');
    client.send(frame('UNSUBSCRIBE', { id: 'u', receipt: 'gone' }));
    expect(header(await client.next(), 'receipt-id')).toBe('gone');
    client.send(frame('SEND', { destination: '/topic/unsub', receipt: 'sent' }));
    // The receipt of the SEND is the barrier: a delivery would have arrived before it.
    expect(header(await client.next(), 'receipt-id')).toBe('sent');
    expect(client.queued).toHaveLength(0);
    client.close();
  });

  it('[STOMP 1.2 UNSUBSCRIBE] requires the id to match an existing subscription', async () => {
    const client = await connected();
    client.send(frame('UNSUBSCRIBE', { id: 'never' }));
    expect(header(await client.next(), 'message')).toMatch(/No subscription never/);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 Frames] treats header names as case-sensitive', async () => {
    const client = await connected();
    client.send(frame('SEND', { Destination: '/topic/case', receipt: 'r1' }, 'x'));
    expect(header(await client.next(), 'message')).toBe('Missing header destination');
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 RECEIPT] still processes frames the client sent before it went away', async () => {
    const watcher = await connected();
    await subscribe(watcher, '/topic/gone.after');
    const client = await connected();
    client.send(frame('SEND', { destination: '/topic/gone.after', ...text }, 'sent before leaving'));
    client.socket.terminate();
    expect(bodyText(await watcher.next())).toBe('sent before leaving');
    watcher.close();
  });

  it('[STOMP 1.2 BEGIN] aborts an open transaction when the connection fails', async () => {
    const watcher = await connected();
    await subscribe(watcher, '/topic/tx.failed');
    const client = await connected();
    client.send(frame('BEGIN', { transaction: 'doomed' }));
    client.send(frame('SEND', { destination: '/topic/tx.failed', transaction: 'doomed', ...text }, 'never'));
    client.send(frame('SEND', { destination: '/topic/tx.failed', ...text, receipt: 'flushed' }, 'outside'));
    await client.receipt('flushed');
    const sessions = server.junction.sessionCount;
    client.socket.terminate();
    expect(bodyText(await watcher.next())).toBe('outside');
    while (server.junction.sessionCount === sessions) await sleep(10);
    // The session is gone: a marker published now is the next thing the watcher sees, so the
    // transaction's SEND was dropped with the connection, never committed.
    server.junction.publish('tx.failed', 'marker');
    expect(bodyText(await watcher.next())).toBe('marker');
    watcher.close();
  });

  it('[STOMP 1.2 MESSAGE] carries destination, a unique message-id and subscription', async () => {
    const client = await connected();
    await subscribe(client, '/topic/msg.*', 'w');
    client.send(frame('SEND', { destination: '/topic/msg.one' }));
    client.send(frame('SEND', { destination: '/topic/msg.one' }));
    const [first, second] = [await client.next(), await client.next()];
    expect(header(first, 'destination')).toBe('/topic/msg.one');
    expect(header(first, 'subscription')).toBe('w');
    expect(header(first, 'message-id')).not.toBe(header(second, 'message-id'));
    expect(header(first, 'ack')).toBeUndefined();
    client.close();
  });

  it('[STOMP 1.2 MESSAGE] carries ack in client modes', async () => {
    const client = await connected();
    await subscribe(client, '/topic/acked', 'c', { ack: 'client-individual' });
    client.send(frame('SEND', { destination: '/topic/acked' }));
    expect(header(await client.next(), 'ack')).toEqual(expect.any(String));
    client.close();
  });

  it('[STOMP 1.2 RECEIPT] answers any frame carrying receipt, after the frame took effect', async () => {
    const client = await connected();
    client.send(frame('BEGIN', { transaction: 't', receipt: 'b' }));
    expect(header(await client.next(), 'receipt-id')).toBe('b');
    client.send(frame('SEND', { destination: '/topic/r', receipt: 's' }));
    expect(header(await client.next(), 'receipt-id')).toBe('s');
    client.close();
  });

  it('[STOMP 1.2 DISCONNECT] sends the RECEIPT, then closes', async () => {
    const client = await connected();
    client.send(frame('DISCONNECT', { receipt: 'bye' }));
    const receipt = await client.next();
    expect(receipt.command).toBe('RECEIPT');
    expect(header(receipt, 'receipt-id')).toBe('bye');
    expect(await client.closed).toBe(1000);
  });

  it('[STOMP 1.2 Frames] answers an unknown command with ERROR, then closes', async () => {
    const client = await connected();
    client.send(frame('PUBLISH', { destination: '/topic/a' }));
    expect(header(await client.next(), 'message')).toBe('Unknown command PUBLISH');
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 ERROR] carries message, receipt-id, content-type and content-length, then closes', async () => {
    const client = await connected();
    client.send(frame('UNSUBSCRIBE', { id: 'x', receipt: 'want-receipt' }));
    const error = await client.next();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toEqual(expect.any(String));
    expect(header(error, 'receipt-id')).toBe('want-receipt');
    expect(header(error, 'content-type')).toBe('text/plain');
    expect(Number(header(error, 'content-length'))).toBe(error.body.length);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 SUBSCRIBE] delivers the publisher its own message on topics', async () => {
    const client = await connected();
    await subscribe(client, '/topic/self');
    client.send(frame('SEND', { destination: '/topic/self', ...text }, 'me'));
    expect(bodyText(await client.next())).toBe('me');
    client.close();
  });

  it('matches /topic/ wildcards as RabbitMQ: * one word, # zero or more', async () => {
    const star = await connected();
    await subscribe(star, '/topic/stock.*');
    const hash = await connected();
    await subscribe(hash, '/topic/stock.#');
    const sender = await connected();
    for (const topic of ['stock', 'stock.nyse', 'stock.nyse.ibm']) {
      sender.send(frame('SEND', { destination: `/topic/${topic}`, ...text }, topic));
    }
    expect(bodyText(await star.next())).toBe('stock.nyse');
    expect([await hash.next(), await hash.next(), await hash.next()].map(bodyText)).toEqual([
      'stock',
      'stock.nyse',
      'stock.nyse.ibm',
    ]);
    await star.barrier();
    expect(star.queued).toHaveLength(0);
    for (const client of [star, hash, sender]) client.close();
  });
});
