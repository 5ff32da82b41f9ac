import type { Client, IMessage } from '@stomp/stompjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { sleep } from './raw-client.js';
import { connectStompjs, nextItem } from './stompjs-client.js';

let server: StartedJunction;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startJunction({
    protocols: [stomp({ maxFrameSize: 2 * 1024 * 1024 })],
    limits: { maxBufferedBytes: 8 * 1024 * 1024 },
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.deactivate()));
});
afterAll(async () => {
  await server.close();
});

async function client(
  config: Parameters<typeof connectStompjs>[1] = {},
  onEachConnect?: (client: Client) => void,
): Promise<Client> {
  const connected = await connectStompjs(server.url, config, onEachConnect);
  clients.push(connected);
  return connected;
}

/** Subscribes and waits for the RECEIPT, so the subscription is active. */
async function subscribe(stompClient: Client, destination: string, headers: Record<string, string> = {}) {
  const messages: IMessage[] = [];
  const receipt = `sub-${Math.random()}`;
  const done = new Promise<void>((resolve) => stompClient.watchForReceipt(receipt, () => resolve()));
  stompClient.subscribe(destination, (message) => messages.push(message), { ...headers, receipt });
  await done;
  return messages;
}

describe('@stomp/stompjs against Junction', () => {
  it('negotiates STOMP 1.2 and publishes to subscribers, the publisher included', async () => {
    const publisher = await client();
    const other = await client();
    const own = await subscribe(publisher, '/topic/chat.room1');
    const theirs = await subscribe(other, '/topic/chat.*');
    publisher.publish({ destination: '/topic/chat.room1', body: 'hello' });
    expect((await nextItem(own)).body).toBe('hello');
    const message = await nextItem(theirs);
    expect(message.body).toBe('hello');
    expect(message.headers.destination).toBe('/topic/chat.room1');
  });

  it('carries UTF-8, JSON and binary bodies intact', async () => {
    const stompClient = await client();
    const messages = await subscribe(stompClient, '/topic/bodies');
    stompClient.publish({
      destination: '/topic/bodies',
      body: 'héllo € 🙂',
      headers: { 'content-type': 'text/plain' },
    });
    const json = JSON.stringify({ a: [1, 2], b: 'ü' });
    stompClient.publish({ destination: '/topic/bodies', body: json, headers: { 'content-type': 'application/json' } });
    const bytes = new Uint8Array([0, 1, 0xff, 0xfe, 0, 42]);
    stompClient.publish({ destination: '/topic/bodies', binaryBody: bytes });
    expect((await nextItem(messages)).body).toBe('héllo € 🙂');
    const jsonMessage = await nextItem(messages);
    expect(JSON.parse(jsonMessage.body)).toEqual({ a: [1, 2], b: 'ü' });
    expect(jsonMessage.headers['content-type']).toBe('application/json');
    expect(Array.from((await nextItem(messages)).binaryBody)).toEqual(Array.from(bytes));
  });

  it('reassembles a 1 MiB body sent in 8 KiB WebSocket chunks', async () => {
    const stompClient = await client({ splitLargeFrames: true, maxWebSocketChunkSize: 8 * 1024 });
    const messages = await subscribe(stompClient, '/topic/large');
    const body = `${'x'.repeat(1024 * 1024 - 7)}the-end`;
    stompClient.publish({ destination: '/topic/large', body, headers: { 'content-type': 'text/plain' } });
    const message = await nextItem(messages, 10_000);
    expect(message.body.length).toBe(body.length);
    expect(message.body.endsWith('the-end')).toBe(true);
  });

  it('[STOMP 1.2 Value Encoding] round-trips escaped header values', async () => {
    const stompClient = await client();
    const messages = await subscribe(stompClient, '/topic/escapes');
    // stompjs escapes values only, so names stay plain here (framing.e2e covers escaped names).
    const headers = { 'x-escaped': 'line1\nline2:with\\backslash\rcr' };
    stompClient.publish({ destination: '/topic/escapes', body: 'x', headers });
    expect((await nextItem(messages)).headers['x-escaped']).toBe(headers['x-escaped']);
  });

  it('[STOMP 1.2 RECEIPT] answers receipts on SUBSCRIBE and SEND', async () => {
    const stompClient = await client();
    await subscribe(stompClient, '/topic/receipts');
    const receipt = new Promise<string>((resolve) =>
      stompClient.watchForReceipt('send-1', (frame) => resolve(frame.headers['receipt-id'] as string)),
    );
    stompClient.publish({ destination: '/topic/receipts', body: 'x', headers: { receipt: 'send-1' } });
    expect(await receipt).toBe('send-1');
  });

  it('[STOMP 1.2 COMMIT] delivers a transaction only when committed, never when aborted', async () => {
    const stompClient = await client();
    const messages = await subscribe(stompClient, '/topic/tx');
    const aborted = stompClient.begin();
    stompClient.publish({ destination: '/topic/tx', body: 'aborted', headers: { transaction: aborted.id } });
    aborted.abort();
    const committed = stompClient.begin();
    stompClient.publish({ destination: '/topic/tx', body: 'one', headers: { transaction: committed.id } });
    stompClient.publish({ destination: '/topic/tx', body: 'two', headers: { transaction: committed.id } });
    // A plain SEND after them: the broker handles a connection's frames in order, so a transaction
    // SEND delivered too early (or the aborted one) would arrive before this marker.
    stompClient.publish({ destination: '/topic/tx', body: 'marker' });
    expect((await nextItem(messages)).body).toBe('marker');
    expect(messages).toHaveLength(0);
    committed.commit();
    expect((await nextItem(messages)).body).toBe('one');
    expect((await nextItem(messages)).body).toBe('two');
  });

  it('[STOMP 1.2 Heart-beating] keeps a connection alive with 1000 ms heart-beats both ways', async () => {
    const log: string[] = [];
    const stompClient = await client({ heartbeatIncoming: 1000, heartbeatOutgoing: 1000, debug: (m) => log.push(m) });
    await sleep(3500);
    expect(stompClient.connected).toBe(true);
    expect(log.filter((line) => line === '<<< PONG').length).toBeGreaterThanOrEqual(3);
    expect(log.filter((line) => line === '>>> PING').length).toBeGreaterThanOrEqual(3);
  });

  it('[STOMP 1.2 Heart-beating] closes a stompjs client whose pings stop', async () => {
    let socket: WebSocket | undefined;
    const closed = new Promise<number>((resolve) => {
      void client({
        heartbeatIncoming: 0,
        heartbeatOutgoing: 1000,
        webSocketFactory: () => {
          socket = new WebSocket(server.url, ['v12.stomp']);
          socket.once('close', (code) => resolve(code));
          return socket;
        },
      });
    });
    while (socket?.readyState !== WebSocket.OPEN) await sleep(10);
    await sleep(1500);
    // The client goes silent: its heart-beat EOLs no longer reach the broker.
    const send = socket.send.bind(socket);
    socket.send = ((data: string, ...rest: never[]) => {
      if (data !== '\n') send(data, ...rest);
    }) as typeof socket.send;
    const stoppedAt = Date.now();
    expect(await closed).toBe(1008);
    // Negotiated 1000 ms, dead after two silent intervals (plus timer slack).
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(900);
    expect(Date.now() - stoppedAt).toBeLessThan(4000);
  });

  it('acks, nacks and redelivers queue messages shared by two consumers', async () => {
    const [a, b, sender] = [await client(), await client(), await client()];
    const queue = '/queue/work';
    const headers = { ack: 'client-individual', 'prefetch-count': '1' };
    const gotA = await subscribe(a, queue, headers);
    const gotB = await subscribe(b, queue, headers);
    sender.publish({ destination: queue, body: 'job-1' });
    sender.publish({ destination: queue, body: 'job-2' });
    const first = await nextItem(gotA);
    const second = await nextItem(gotB);
    expect([first.body, second.body].sort()).toEqual(['job-1', 'job-2']);
    // Prefetch 1: only A, which nacked, has room, so the retry goes back to A.
    first.nack();
    const retried = await nextItem(gotA);
    expect(retried.body).toBe(first.body);
    expect(retried.headers.redelivered).toBe('true');
    retried.ack();
    second.ack();
    await sleep(50);
    expect(gotA.length + gotB.length).toBe(0);
  });

  it('reconnects and resubscribes after the connection drops', async () => {
    const received: IMessage[] = [];
    let connects = 0;
    let subscribed = 0;
    const stompClient = await client({ reconnectDelay: 100 }, (connected) => {
      connects++;
      const receipt = `again-${connects}`;
      connected.watchForReceipt(receipt, () => subscribed++);
      connected.subscribe('/topic/again', (message) => received.push(message), { receipt });
    });
    const sender = await client();
    stompClient.forceDisconnect();
    const deadline = Date.now() + 5000;
    while (subscribed < 2 && Date.now() < deadline) await sleep(20);
    expect(connects).toBe(2);
    sender.publish({ destination: '/topic/again', body: 'after reconnect' });
    expect((await nextItem(received)).body).toBe('after reconnect');
  });
});
