import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { eventually } from '../../helpers/eventually.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, frame, type RawClient, rawClient } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp({ rpcTimeout: 200 })] });
  server.junction.register('com.example.never', () => new Promise(() => {}));
});
afterAll(async () => {
  await server.close();
});

async function connected(version: string): Promise<RawClient> {
  const client = await rawClient(server.url);
  await client.connect(version === '1.0' ? {} : { 'accept-version': version });
  return client;
}

describe('STOMP version deltas', () => {
  it('[STOMP 1.1 Value Encoding] decodes \\n \\c \\\\ and refuses \\r', async () => {
    const client = await connected('1.1');
    client.send(frame('SUBSCRIBE', { id: 's', destination: '/topic/v11', receipt: 'r' }));
    await client.receipt('r');
    client.send(frame('SEND', { destination: '/topic/v11', k: 'a\\nb\\cc\\\\d' }));
    expect(header(await client.next(), 'k')).toBe('a\nb:c\\d');
    client.send(frame('SEND', { destination: '/topic/v11', k: 'a\\rb' }));
    expect(header(await client.next(), 'message')).toBe('Undefined escape sequence in header (STOMP 1.1)');
  });

  it('[STOMP 1.0] neither decodes nor encodes escapes', async () => {
    const client = await connected('1.0');
    client.send(frame('SUBSCRIBE', { destination: '/topic/v10', receipt: 'r' }));
    await client.receipt('r');
    client.send(frame('SEND', { destination: '/topic/v10', k: 'a\\cb' }));
    expect(header(await client.next(), 'k')).toBe('a\\cb');
    client.close();
  });

  it('[STOMP 1.0 ACK] acknowledges with message-id alone', async () => {
    const client = await connected('1.0');
    client.send(frame('SUBSCRIBE', { destination: '/queue/v10', ack: 'client', receipt: 'r' }));
    await client.receipt('r');
    client.send(frame('SEND', { destination: '/queue/v10' }, 'x'));
    const message = await client.next();
    expect(header(message, 'ack')).toBe(header(message, 'message-id'));
    client.send(frame('ACK', { 'message-id': header(message, 'message-id')!, receipt: 'acked' }));
    expect(header(await client.receipt('acked'), 'receipt-id')).toBe('acked');
    client.close();
  });

  it('[STOMP 1.2 DISCONNECT] copes with rapid connect/disconnect churn', async () => {
    const rounds = Array.from({ length: 30 }, async (_, i) => {
      const client = await rawClient(server.url);
      await client.connect();
      client.send(frame('DISCONNECT', { receipt: `bye-${i}` }));
      const receipt = await client.receipt(`bye-${i}`);
      return [header(receipt, 'receipt-id'), await client.closed];
    });
    const results = await Promise.all(rounds);
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => [`bye-${i}`, 1000]));
  });

  it('[DESIGN STOMP RPC] answers a call that outlives rpcTimeout with wamp.error.timeout', async () => {
    const client = await connected('1.2');
    client.send(frame('SEND', { destination: '/rpc/com.example.never', 'reply-to': '/temp-queue/t' }));
    const reply = await client.next();
    expect(header(reply, 'error')).toBe('wamp.error.timeout');
    client.close();
  });

  it('removes a temp queue when its session ends', async () => {
    const realm = server.junction.router.realm('realm1')!;
    const client = await rawClient(server.url);
    const session = Number(header(await client.connect(), 'session'));
    const tempQueues = () =>
      realm.subscriptions().filter((s) => s.pattern.startsWith('junction.reply.') && s.subscribers.includes(session));
    client.send(frame('SEND', { destination: '/topic/any', 'reply-to': '/temp-queue/mine', receipt: 'sent' }));
    await client.receipt('sent');
    expect(tempQueues()).toHaveLength(1);
    client.close();
    await client.closed;
    // The server releases them when it sees the close, a moment after the client does.
    await eventually(() => expect(tempQueues()).toHaveLength(0));
  });

  it('keeps the body of a SEND whose content-type says text', async () => {
    const client = await connected('1.2');
    client.send(frame('SUBSCRIBE', { id: 's', destination: '/topic/text', receipt: 'r' }));
    await client.receipt('r');
    client.send(frame('SEND', { destination: '/topic/text', 'content-type': 'text/plain' }, 'plain'));
    expect(bodyText(await client.next())).toBe('plain');
    client.close();
  });
});
