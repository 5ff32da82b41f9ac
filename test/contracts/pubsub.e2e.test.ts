/**
 * docs/contracts.md over real sockets: a publish that keeps its topic's contract reaches the
 * subscribers of every protocol; one that breaks it is refused in the publisher's own words
 * (STOMP ERROR, WAMP ERROR, JSON-RPC -32602), naming the failing path, and reaches nobody.
 */
import type { IFrame, IMessage } from '@stomp/stompjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type JsonRpcMessage,
  type JsonRpcPeer,
  jsonRpcPeer,
  type StompPeer,
  startPolyglot,
  stompPeer,
  until,
  type WampPeer,
  wampPeer,
} from '../cross/clients.js';
import type { StartedJunction } from '../helpers/start-junction.js';
import { connectStompjs } from '../protocols/stomp/stompjs-client.js';

const REFUSAL = 'Invalid payload for shop.orders.new: /quantity must be >= 1';

let broker: StartedJunction;
let stompSubscriber: StompPeer;
let wampSubscriber: WampPeer;
let rpcSubscriber: JsonRpcPeer;
let wampPublisher: WampPeer;
let rpcPublisher: JsonRpcPeer;
const stompInbox: IMessage[] = [];
const wampInbox: unknown[] = [];

/** What each protocol's subscriber received, as the payload values it saw. */
function received() {
  const pushes = rpcSubscriber.inbound.filter((m) => m.method === 'subscription');
  return {
    stomp: stompInbox.map((m) => JSON.parse(m.body)),
    wamp: [...wampInbox],
    jsonrpc: pushes.map((m) => (m.params as { result: unknown }).result),
  };
}

const MARKER = { quantity: 424242 };
const isMarker = (value: unknown) => JSON.stringify(value) === JSON.stringify(MARKER);

/**
 * Publishes a valid marker after the publish under test and waits until every subscriber has it:
 * on one broker, anything the earlier publish delivered reached them first. Then drops the marker
 * from the inboxes, so a test checks "nothing else arrived" without waiting for a while.
 */
async function behindMarker(): Promise<void> {
  await wampPublisher.session.publish('shop.orders.marker', [MARKER], {}, { acknowledge: true });
  await until(() => Object.values(received()).every((values) => values.some(isMarker)), 10_000, 'the marker');
  const stompIndex = stompInbox.findIndex((m) => isMarker(JSON.parse(m.body)));
  stompInbox.splice(stompIndex, 1);
  wampInbox.splice(wampInbox.findIndex(isMarker), 1);
  const pushIndex = rpcSubscriber.inbound.findIndex(
    (m) => m.method === 'subscription' && isMarker((m.params as { result: unknown }).result),
  );
  rpcSubscriber.inbound.splice(pushIndex, 1);
}

beforeAll(async () => {
  broker = await startPolyglot();
  broker.junction.contract('shop.orders.*', {
    publish: {
      type: 'object',
      required: ['quantity'],
      properties: { quantity: { type: 'integer', minimum: 1 } },
    },
  });
  broker.junction.contract('shop.images', { publish: { type: 'string', contentEncoding: 'base64', maxLength: 8 } });
  [stompSubscriber, wampSubscriber, rpcSubscriber, wampPublisher, rpcPublisher] = await Promise.all([
    stompPeer(broker),
    wampPeer(broker, 'json'),
    jsonRpcPeer(broker),
    wampPeer(broker, 'msgpack'),
    jsonRpcPeer(broker),
  ]);
  await stompSubscriber.subscribe('/topic/shop.orders.*', stompInbox);
  await wampSubscriber.session.subscribe('shop', (args) => wampInbox.push(args?.[0]), { match: 'prefix' });
  await rpcSubscriber.request('subscribe', ['shop.#', { match: 'wildcard' }]);
});

afterAll(async () => {
  await Promise.all([stompSubscriber.close(), wampSubscriber.close(), wampPublisher.close()]);
  rpcSubscriber.close();
  rpcPublisher.close();
  await broker.close();
});

beforeEach(() => {
  stompInbox.length = 0;
  wampInbox.length = 0;
  rpcSubscriber.inbound.length = 0;
});

/** Sends one STOMP SEND with a receipt from a fresh client; resolves with the ERROR or RECEIPT. */
async function stompSend(body: string): Promise<{ error?: IFrame; receipt: boolean; closed: boolean }> {
  const errors: IFrame[] = [];
  let closed = false;
  const client = await connectStompjs(broker.url, {
    onStompError: (frame) => errors.push(frame),
    onWebSocketClose: () => {
      closed = true;
    },
  });
  let receipt = false;
  client.watchForReceipt('send-1', () => {
    receipt = true;
  });
  client.publish({
    destination: '/topic/shop.orders.new',
    body,
    headers: { 'content-type': 'application/json', receipt: 'send-1' },
  });
  await until(() => receipt || (errors.length > 0 && closed), 5000, 'STOMP answer');
  await client.deactivate();
  return { ...(errors[0] && { error: errors[0] }), receipt, closed };
}

describe('Topic contracts across protocols', () => {
  it('[STOMP SEND] delivers a valid payload to STOMP, WAMP and JSON-RPC subscribers', async () => {
    expect((await stompSend('{"quantity": 2}')).receipt).toBe(true);
    await until(() => rpcSubscriber.inbound.length === 1 && wampInbox.length === 1 && stompInbox.length === 1);
    expect(received()).toEqual({ stomp: [{ quantity: 2 }], wamp: [{ quantity: 2 }], jsonrpc: [{ quantity: 2 }] });
  });

  it('[STOMP 1.2 ERROR] refuses an invalid SEND with an ERROR naming the path and the receipt, then closes', async () => {
    const answer = await stompSend('{"quantity": 0}');
    expect(answer.receipt).toBe(false);
    expect(answer.closed).toBe(true);
    expect(answer.error?.headers.message).toBe(REFUSAL);
    expect(answer.error?.headers['receipt-id']).toBe('send-1');
    expect(answer.error?.body).toBe('wamp.error.invalid_argument');
    await behindMarker();
    expect(received()).toEqual({ stomp: [], wamp: [], jsonrpc: [] });
  });

  it('[WAMP PUBLISH] delivers a valid acknowledged publish to every protocol', async () => {
    await wampPublisher.session.publish('shop.orders.new', [{ quantity: 3 }], {}, { acknowledge: true });
    await until(() => rpcSubscriber.inbound.length === 1 && wampInbox.length === 1 && stompInbox.length === 1);
    expect(received()).toEqual({ stomp: [{ quantity: 3 }], wamp: [{ quantity: 3 }], jsonrpc: [{ quantity: 3 }] });
  });

  it('[WAMP ERROR] answers an invalid acknowledged publish with wamp.error.invalid_argument', async () => {
    // An acknowledged publish always returns a promise (autobahn types it as nullable).
    const failure = await wampPublisher.session
      .publish('shop.orders.new', [{ quantity: 0 }], {}, { acknowledge: true })!
      .then(
        () => undefined,
        (error: { error: string; args: unknown[]; kwargs: Record<string, unknown> }) => error,
      );
    expect(failure?.error).toBe('wamp.error.invalid_argument');
    expect(failure?.args).toEqual([REFUSAL]);
    expect(failure?.kwargs).toEqual({
      errors: [
        { path: '/quantity', keyword: 'minimum', message: 'must be >= 1', params: { comparison: '>=', limit: 1 } },
      ],
    });
    await behindMarker();
    expect(received()).toEqual({ stomp: [], wamp: [], jsonrpc: [] });
  });

  it('[WAMP PUBLISH] drops an invalid unacknowledged publish silently, keeping the session', async () => {
    await wampPublisher.session.publish('shop.orders.new', [{ quantity: -1 }]);
    await wampPublisher.session.publish('shop.orders.new', [{ quantity: 4 }]);
    await until(() => rpcSubscriber.inbound.length === 1 && wampInbox.length === 1 && stompInbox.length === 1);
    expect(received()).toEqual({ stomp: [{ quantity: 4 }], wamp: [{ quantity: 4 }], jsonrpc: [{ quantity: 4 }] });
  });

  it('[JSON-RPC publish] delivers a valid payload to every protocol', async () => {
    expect((await rpcPublisher.request('publish', ['shop.orders.new', { quantity: 5 }])).result).toBe(true);
    await until(() => rpcSubscriber.inbound.length === 1 && wampInbox.length === 1 && stompInbox.length === 1);
    expect(received()).toEqual({ stomp: [{ quantity: 5 }], wamp: [{ quantity: 5 }], jsonrpc: [{ quantity: 5 }] });
  });

  it('[JSON-RPC 2.0 §5.1] answers an invalid publish with -32602 naming the path', async () => {
    const answer: JsonRpcMessage = await rpcPublisher.request('publish', {
      topic: 'shop.orders.new',
      payload: { quantity: 'many' },
    });
    expect(answer.error).toEqual({
      code: -32602,
      message: 'Invalid payload for shop.orders.new: /quantity must be integer',
      data: {
        uri: 'wamp.error.invalid_argument',
        args: ['Invalid payload for shop.orders.new: /quantity must be integer'],
        kwargs: {
          errors: [{ path: '/quantity', keyword: 'type', message: 'must be integer', params: { type: 'integer' } }],
        },
      },
    });
    await behindMarker();
    expect(received()).toEqual({ stomp: [], wamp: [], jsonrpc: [] });
  });

  it('shows binary payloads to the schema as base64 strings (WAMP msgpack bin)', async () => {
    const publish = (bytes: number) =>
      wampPublisher.session.publish('shop.images', [Buffer.alloc(bytes, 1)], {}, { acknowledge: true });
    // 3 bytes are 4 base64 characters; 9 bytes are 12, beyond maxLength 8.
    await publish(3);
    await expect(publish(9)).rejects.toMatchObject({
      error: 'wamp.error.invalid_argument',
      args: ['Invalid payload for shop.images: / must NOT have more than 8 characters'],
    });
    await until(() => wampInbox.length === 1);
    await behindMarker();
    expect(wampInbox).toHaveLength(1);
  });
});
