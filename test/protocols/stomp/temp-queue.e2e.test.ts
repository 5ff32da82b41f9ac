/**
 * `/temp-queue/<name>` in both styles: RabbitMQ's (named only in reply-to; replies arrive with
 * `subscription:/temp-queue/<name>`) and ActiveMQ's (SUBSCRIBE to it; replies arrive under that
 * subscription id, which is what @stomp/stompjs dispatches on).
 */
import type { IMessage } from '@stomp/stompjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, connectedClient, frame, type RawClient, sleep } from './raw-client.js';
import { connectStompjs, nextItem } from './stompjs-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp()] });
  server.junction.register('com.example.add', (args) => (args[0] as number[]).reduce((a, b) => a + b, 0));
});
afterAll(async () => {
  await server.close();
});

const connected = (): Promise<RawClient> => connectedClient(server.url);

async function subscribe(client: RawClient, destination: string, id: string, extra: Record<string, string> = {}) {
  client.send(frame('SUBSCRIBE', { id, destination, receipt: `r-${id}`, ...extra }));
  await client.receipt(`r-${id}`);
}

/** Sends a request to /queue/<queue> with reply-to, and returns what the worker sees in reply-to. */
async function request(requester: RawClient, worker: RawClient, queue: string, tempQueue: string): Promise<string> {
  requester.send(frame('SEND', { destination: `/queue/${queue}`, 'reply-to': tempQueue }, 'question'));
  return header(await worker.next(), 'reply-to') as string;
}

const RPC_ADD = {
  destination: '/rpc/com.example.add',
  'content-type': 'application/json',
  'reply-to': '/temp-queue/answers',
};

describe('STOMP /temp-queue/', () => {
  it('[ActiveMQ] SUBSCRIBE to /temp-queue/<name> receives /rpc/ replies under that subscription id', async () => {
    const client = await connected();
    await subscribe(client, '/temp-queue/answers', 'replies');
    client.send(frame('SEND', { ...RPC_ADD, 'correlation-id': 'c1' }, '[2,3]'));
    const reply = await client.next();
    expect(reply.command).toBe('MESSAGE');
    expect(header(reply, 'subscription')).toBe('replies');
    expect(header(reply, 'destination')).toBe('/temp-queue/answers');
    expect(header(reply, 'correlation-id')).toBe('c1');
    expect(header(reply, 'ack')).toBeUndefined();
    expect(bodyText(reply)).toBe('5');
    // Still connected: the SUBSCRIBE used to be an ERROR that closed the connection.
    client.send(frame('SEND', { destination: '/topic/still.here', receipt: 'alive' }));
    await client.receipt('alive');
    client.close();
  });

  it('[ActiveMQ] a reply from another session arrives under the subscription id', async () => {
    const [requester, worker] = [await connected(), await connected()];
    await subscribe(requester, '/temp-queue/private', 'mine');
    await subscribe(worker, '/queue/temp.requests', 'work');
    const replyTo = await request(requester, worker, 'temp.requests', '/temp-queue/private');
    worker.send(frame('SEND', { destination: replyTo, 'content-type': 'text/plain' }, 'answer'));
    const reply = await requester.next();
    expect([header(reply, 'subscription'), header(reply, 'destination')]).toEqual(['mine', '/temp-queue/private']);
    expect(bodyText(reply)).toBe('answer');
    requester.close();
    worker.close();
  });

  it('[RabbitMQ] without SUBSCRIBE, replies arrive with subscription:/temp-queue/<name>', async () => {
    const client = await connected();
    client.send(frame('SEND', { ...RPC_ADD, 'correlation-id': 'c2' }, '[1,1]'));
    const reply = await client.next();
    expect(header(reply, 'subscription')).toBe('/temp-queue/answers');
    expect(bodyText(reply)).toBe('2');
    client.close();
  });

  it('[STOMP 1.2 MESSAGE] a client-ack temp-queue subscription gets an ack header, and ACK is accepted', async () => {
    const client = await connected();
    await subscribe(client, '/temp-queue/acked', 'acked', { ack: 'client-individual' });
    client.send(frame('SEND', { ...RPC_ADD, 'reply-to': '/temp-queue/acked' }, '[4]'));
    const reply = await client.next();
    const ack = header(reply, 'ack');
    expect(ack).toBe(header(reply, 'message-id'));
    client.send(frame('ACK', { id: ack as string, receipt: 'acked' }));
    await client.receipt('acked');
    client.close();
  });

  it('[STOMP 1.2 UNSUBSCRIBE] after UNSUBSCRIBE the temp queue delivers nothing', async () => {
    const [requester, worker] = [await connected(), await connected()];
    await subscribe(requester, '/temp-queue/gone', 'gone');
    await subscribe(worker, '/queue/temp.unsub', 'work');
    const replyTo = await request(requester, worker, 'temp.unsub', '/temp-queue/gone');
    requester.send(frame('UNSUBSCRIBE', { id: 'gone', receipt: 'unsubscribed' }));
    await requester.receipt('unsubscribed');
    worker.send(frame('SEND', { destination: replyTo, receipt: 'replied' }, 'too late'));
    await worker.receipt('replied');
    await sleep(100);
    expect(requester.queued).toHaveLength(0);
    requester.close();
    worker.close();
  });

  it('refuses a second SUBSCRIBE to the same temp queue with ERROR, then the close', async () => {
    const client = await connected();
    await subscribe(client, '/temp-queue/once', 'first');
    client.send(frame('SUBSCRIBE', { id: 'second', destination: '/temp-queue/once' }));
    const error = await client.next();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toBe('/temp-queue/once already has subscription first');
    expect(await client.closed).toBe(1002);
  });

  it('[@stomp/stompjs] client.subscribe("/temp-queue/…") receives /rpc/ replies in its callback', async () => {
    const client = await connectStompjs(server.url);
    const replies: IMessage[] = [];
    client.subscribe('/temp-queue/js', (message) => replies.push(message));
    client.publish({
      destination: '/rpc/com.example.add',
      headers: { 'content-type': 'application/json', 'reply-to': '/temp-queue/js', 'correlation-id': 'js-1' },
      body: '[20,22]',
    });
    const reply = await nextItem(replies);
    expect([reply.body, reply.headers['correlation-id']]).toEqual(['42', 'js-1']);
    await client.deactivate();
  });
});
