/**
 * A topic MESSAGE goes to each receiver as the shared frame with that receiver's `subscription`
 * id in between, written as parts after one WebSocket header (Connection.sendParts, issue 13):
 * every receiver must get one well-formed frame of its own, whatever the frame's length (the
 * three WebSocket length encodings) and whether the body is text or bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, connectedClient, frame, type RawClient } from './raw-client.js';

let broker: StartedJunction;
beforeAll(async () => {
  broker = await startJunction({ protocols: [stomp()] });
});
afterAll(() => broker.close());

/** Subscribers with ids of different lengths, so their frames differ in length too. */
async function subscribers(ids: readonly string[]): Promise<RawClient[]> {
  return Promise.all(
    ids.map(async (id) => {
      const client = await connectedClient(broker.url);
      client.send(frame('SUBSCRIBE', { id, destination: '/topic/parts', receipt: `r-${id}` }));
      await client.receipt(`r-${id}`);
      return client;
    }),
  );
}

describe('topic frames written as parts', () => {
  const ids = ['a', 'sub-22', `long-${'x'.repeat(40)}`];

  it.each([10, 200, 70_000])('delivers a %i-character text body whole, with each receiver’s own id', async (size) => {
    const clients = await subscribers(ids);
    const body = 'é'.repeat(Math.floor(size / 2)) + 'z'.repeat(size % 2);
    const publisher = await connectedClient(broker.url);
    publisher.send(frame('SEND', { destination: '/topic/parts', 'content-type': 'text/plain' }, body));
    for (const [i, client] of clients.entries()) {
      const message = await client.next();
      expect(message.command).toBe('MESSAGE');
      expect(header(message, 'subscription')).toBe(ids[i]);
      expect(bodyText(message)).toBe(body);
      expect(client.binaryFlags.at(-1)).toBe(false);
    }
    for (const client of [...clients, publisher]) client.socket.close();
  });

  it('delivers a binary body as a binary message to every receiver', async () => {
    const clients = await subscribers(ids);
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x01, 0x80]);
    const head = new TextEncoder().encode(
      `SEND\ndestination:/topic/parts\ncontent-type:application/octet-stream\ncontent-length:${bytes.length}\n\n`,
    );
    const publisher = await connectedClient(broker.url);
    publisher.send(new Uint8Array([...head, ...bytes, 0]));
    for (const [i, client] of clients.entries()) {
      const message = await client.next();
      expect(header(message, 'subscription')).toBe(ids[i]);
      expect(new Uint8Array(message.body)).toEqual(bytes);
      expect(client.binaryFlags.at(-1)).toBe(true);
    }
    for (const client of [...clients, publisher]) client.socket.close();
  });
});
