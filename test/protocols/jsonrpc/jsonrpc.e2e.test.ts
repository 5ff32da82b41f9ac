import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { jsonrpc } from '../../../protocols/jsonrpc/index.js';
import { createJunction } from '../../../src/server/junction.js';
import { eventually } from '../../helpers/eventually.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { closed, messages, openClient, refusedUpgrade } from '../../helpers/ws-client.js';

interface RpcClient {
  readonly ws: WebSocket;
  send(message: unknown): void;
  /** The next message, parsed. */
  next(): Promise<unknown>;
  /** Sends a request with a fresh numeric id; resolves with the next message. */
  request(method: string, params?: unknown): Promise<unknown>;
}

const open: WebSocket[] = [];

async function rpc(url: string, protocols?: string | string[], headers?: Record<string, string>): Promise<RpcClient> {
  const ws = await openClient(url, protocols, headers && { headers });
  open.push(ws);
  const inbox = messages(ws);
  let lastId = 0;
  const send = (message: unknown) => ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  const next = async () => JSON.parse(await inbox.next());
  return {
    ws,
    send,
    next,
    request(method, params) {
      send({ jsonrpc: '2.0', method, ...(params !== undefined && { params }), id: ++lastId });
      return next();
    },
  };
}

/** Resolves with what arrives within `ms`; used to show that nothing was sent. */
async function silence(client: RpcClient, ms = 100): Promise<unknown[]> {
  const received: unknown[] = [];
  const listener = (data: Buffer) => received.push(JSON.parse(data.toString()));
  client.ws.on('message', listener);
  await new Promise((resolve) => setTimeout(resolve, ms));
  client.ws.off('message', listener);
  return received;
}

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({
    protocols: [jsonrpc()],
    auth: {
      users: [{ authid: 'alice', secret: 's3cret', authrole: 'user' }],
      tokens: [{ token: 'tok-1', authid: 'bob' }],
    },
  });
  server.junction.register('sum', (args) => (args as number[]).reduce((a, b) => a + b, 0));
});

afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate();
});

afterAll(() => server.close());

describe('JSON-RPC 2.0 over WebSocket', () => {
  it('[JSON-RPC 2.0 fallback] serves a client that offers no subprotocol, without a protocol header', async () => {
    const client = await rpc(server.url);
    expect(client.ws.protocol).toBe('');
    expect(await client.request('sum', [1, 2])).toEqual({ jsonrpc: '2.0', result: 3, id: 1 });
  });

  it.each(['jsonrpc', 'jsonrpc-2.0', 'json-rpc'])('[JSON-RPC 2.0 token] selects JSON-RPC for %s', async (token) => {
    const client = await rpc(server.url, token);
    expect(client.ws.protocol).toBe(token);
    expect(await client.request('sum', [4])).toMatchObject({ result: 4 });
  });

  it('answers requests in the order they were sent, before the pushes they cause', async () => {
    const client = await rpc(server.url);
    // Three requests in one go: the subscription id must be known before its first push arrives.
    client.send({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['order.check'] });
    client.send({ jsonrpc: '2.0', id: 2, method: 'publish', params: ['order.check', 'hi'] });
    client.send({ jsonrpc: '2.0', id: 3, method: 'unsubscribe', params: [1] });
    const received: { id?: number; method?: string }[] = [];
    for (let i = 0; i < 4; i++) received.push((await client.next()) as { id?: number; method?: string });
    expect(received.map((m) => m.id ?? m.method)).toEqual([1, 'subscription', 2, 3]);
  });

  it('[JSON-RPC 2.0 §5.1] answers invalid JSON with one Parse error and id null', async () => {
    const client = await rpc(server.url);
    client.send('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]');
    expect(await client.next()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error' },
      id: null,
    });
  });

  it('reads a binary frame as UTF-8 JSON', async () => {
    const client = await rpc(server.url);
    client.ws.send(Buffer.from('{"jsonrpc":"2.0","method":"sum","params":[5],"id":7}'), { binary: true });
    expect(await client.next()).toEqual({ jsonrpc: '2.0', result: 5, id: 7 });
  });

  it('[JSON-RPC 2.0 §5.1] answers an invalid Request object with -32600 and id null', async () => {
    const client = await rpc(server.url);
    client.send({ jsonrpc: '2.0', method: 1, params: 'bar' });
    expect(await client.next()).toMatchObject({
      error: { code: -32600, message: 'Invalid Request' },
      id: null,
    });
  });

  it('[JSON-RPC 2.0 §5.1] answers a method that does not exist with -32601', async () => {
    const client = await rpc(server.url);
    expect(await client.request('foobar')).toMatchObject({ error: { code: -32601 }, id: 1 });
  });

  it('[JSON-RPC 2.0 §5.1] answers invalid params of a built-in method with -32602', async () => {
    const client = await rpc(server.url);
    expect(await client.request('subscribe', [42])).toMatchObject({ error: { code: -32602 }, id: 1 });
  });

  it('[JSON-RPC 2.0 §4.1] never answers a notification, not even an erroneous one', async () => {
    const client = await rpc(server.url);
    client.send({ jsonrpc: '2.0', method: 'foobar' });
    client.send({ jsonrpc: '2.0', method: 'sum', params: [1] });
    expect(await silence(client)).toEqual([]);
  });

  it('[JSON-RPC 2.0 §4] answers a request with "id": null, which is not a notification', async () => {
    const client = await rpc(server.url);
    client.send({ jsonrpc: '2.0', method: 'sum', params: [2], id: null });
    expect(await client.next()).toEqual({ jsonrpc: '2.0', result: 2, id: null });
  });

  it('[JSON-RPC 2.0 §6] answers an empty batch with one Invalid Request error', async () => {
    const client = await rpc(server.url);
    client.send('[]');
    expect(await client.next()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });
  });

  it('[JSON-RPC 2.0 §6] answers a batch of invalid elements with one -32600 per element', async () => {
    const client = await rpc(server.url);
    client.send('[1,2,3]');
    const reply = (await client.next()) as unknown[];
    expect(reply).toHaveLength(3);
    for (const response of reply) expect(response).toMatchObject({ error: { code: -32600 }, id: null });
  });

  it('[JSON-RPC 2.0 §6] answers a batch with an array of responses, notifications left out', async () => {
    const client = await rpc(server.url);
    client.send([
      { jsonrpc: '2.0', method: 'sum', params: [1, 2, 4], id: '1' },
      { jsonrpc: '2.0', method: 'notify_hello', params: [7] },
      { jsonrpc: '2.0', method: 'subtract', params: [42, 23], id: '2' },
      { foo: 'boo' },
    ]);
    const reply = (await client.next()) as unknown[];
    expect(reply).toHaveLength(3);
    expect(reply).toContainEqual({ jsonrpc: '2.0', result: 7, id: '1' });
    expect(reply).toContainEqual(
      expect.objectContaining({ error: expect.objectContaining({ code: -32601 }), id: '2' }),
    );
  });

  it('[JSON-RPC 2.0 §6] sends nothing back for a batch of notifications', async () => {
    const client = await rpc(server.url);
    client.send([
      { jsonrpc: '2.0', method: 'notify_sum', params: [1, 2, 4] },
      { jsonrpc: '2.0', method: 'notify_hello', params: [7] },
    ]);
    expect(await silence(client)).toEqual([]);
  });

  it('[JSON-RPC 2.0 §6] refuses a batch over 100 requests with one -32600 naming the limit', async () => {
    const client = await rpc(server.url);
    client.send(Array.from({ length: 101 }, (_, id) => ({ jsonrpc: '2.0', method: 'sum', params: [id], id })));
    expect(await client.next()).toMatchObject({
      error: { code: -32600, message: expect.stringContaining('100') },
    });
  });

  it('answers a 100,000-deep nested array with an error and keeps the connection', async () => {
    const client = await rpc(server.url);
    client.send(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    // limits.maxDepth: refused unread, as one error object.
    expect(await client.next()).toMatchObject({ error: { code: -32600 }, id: null });
    expect(await client.request('sum', [1])).toMatchObject({ result: 1 });
  });
});

describe('JSON-RPC pub/sub and RPC between clients', () => {
  it('lets client B call a procedure client A registered', async () => {
    const a = await rpc(server.url);
    const b = await rpc(server.url);
    expect(await a.request('register', ['com.example.add'])).toMatchObject({ result: expect.any(Number) });
    b.send({ jsonrpc: '2.0', method: 'com.example.add', params: [2, 3], id: 'b1' });
    const invocation = (await a.next()) as { id: number; method: string; params: number[] };
    expect(invocation).toMatchObject({ jsonrpc: '2.0', method: 'com.example.add', params: [2, 3] });
    a.send({ jsonrpc: '2.0', result: invocation.params[0]! + invocation.params[1]!, id: invocation.id });
    expect(await b.next()).toEqual({ jsonrpc: '2.0', result: 5, id: 'b1' });
  });

  it('pushes A publish to subscriber B, and stops after unsubscribe', async () => {
    const a = await rpc(server.url);
    const b = await rpc(server.url);
    const { result: id } = (await b.request('subscribe', ['chat.room1'])) as { result: number };
    expect(await a.request('publish', ['chat.room1', { text: 'hello' }])).toMatchObject({ result: true });
    expect(await b.next()).toEqual({
      jsonrpc: '2.0',
      method: 'subscription',
      params: { subscription: id, topic: 'chat.room1', result: { text: 'hello' } },
    });
    expect(await b.request('unsubscribe', [id])).toMatchObject({ result: true });
    await a.request('publish', ['chat.room1', { text: 'again' }]);
    expect(await silence(b)).toEqual([]);
  });

  it('fails a call promptly with canceled (-32003) when the callee disconnects mid-call', async () => {
    const a = await rpc(server.url);
    const b = await rpc(server.url);
    await a.request('register', ['com.example.slow']);
    b.send({ jsonrpc: '2.0', method: 'com.example.slow', id: 1 });
    await a.next();
    const started = Date.now();
    a.ws.close();
    expect(await b.next()).toMatchObject({
      error: { code: -32003, data: { uri: 'wamp.error.canceled' } },
      id: 1,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('calls a server-side procedure registered in code', async () => {
    const client = await rpc(server.url);
    expect(await client.request('sum', [2, 3])).toMatchObject({ result: 5 });
  });
});

describe('JSON-RPC authentication', () => {
  it('lets an anonymous session log in as a static user, once', async () => {
    const client = await rpc(server.url);
    expect(await client.request('login', { authid: 'alice', secret: 's3cret' })).toMatchObject({
      result: { authid: 'alice' },
    });
    expect(server.junction.router.realm('realm1')?.sessions()).toContainEqual(
      expect.objectContaining({ authid: 'alice', protocol: 'jsonrpc' }),
    );
    expect(await client.request('login', { authid: 'alice', secret: 's3cret' })).toMatchObject({
      error: { code: -32006 },
    });
  });

  it('joins as the user of a bearer token given in the Authorization header', async () => {
    const client = await rpc(server.url, undefined, { authorization: 'Bearer tok-1' });
    expect(await client.request('login', ['alice', 's3cret'])).toMatchObject({ error: { code: -32006 } });
    expect(server.junction.router.realm('realm1')?.sessions()).toContainEqual(
      expect.objectContaining({ authid: 'bob', protocol: 'jsonrpc' }),
    );
  });

  it('joins as the user of a ?token= query parameter', async () => {
    await rpc(`${server.url}/?token=tok-1&realm=tokens`);
    await eventually(() =>
      expect(server.junction.router.realm('tokens')?.sessions()).toEqual([expect.objectContaining({ authid: 'bob' })]),
    );
  });

  it('refuses a bad token at the handshake with HTTP 401', async () => {
    const response = await refusedUpgrade(server.url, { authorization: 'Bearer wrong' });
    expect(response.status).toBe(401);
  });
});

describe('JSON-RPC without anonymous access', () => {
  let strict: StartedJunction;

  beforeAll(async () => {
    strict = await startJunction({
      protocols: [jsonrpc({ maxBatch: 5 })],
      realms: ['realm1'],
      auth: { allowAnonymous: false, users: [{ authid: 'alice', secret: 's3cret', authrole: 'user' }] },
    });
  });

  afterAll(() => strict.close());

  it('answers -32001 until login, then serves the user', async () => {
    const client = await rpc(strict.url);
    expect(await client.request('subscribe', ['t'])).toMatchObject({ error: { code: -32001 } });
    expect(await client.request('login', ['alice', 'wrong'])).toMatchObject({ error: { code: -32004 } });
    expect(await client.request('login', ['alice', 's3cret'])).toEqual({
      jsonrpc: '2.0',
      result: { authid: 'alice', authrole: 'user' },
      id: 3,
    });
    expect(await client.request('subscribe', ['t'])).toMatchObject({ result: expect.any(Number) });
  });

  it('closes with 1008 naming an unknown realm', async () => {
    const client = await rpc(`${strict.url}/?realm=nowhere`);
    expect(await closed(client.ws)).toEqual({ code: 1008, reason: 'no such realm: nowhere' });
  });

  it('refuses invalid plugin options when the broker is created, naming the option', () => {
    expect(() => createJunction({ protocols: [jsonrpc({ maxBatch: 0 })], logger: 'silent' })).toThrow(/maxBatch/);
  });

  it('applies the configured maxBatch', async () => {
    const client = await rpc(strict.url);
    client.send(Array.from({ length: 6 }, () => ({ jsonrpc: '2.0', method: 'login', params: ['alice', 'x'], id: 1 })));
    expect(await client.next()).toMatchObject({
      error: { code: -32600, message: expect.stringContaining('5') },
    });
  });
});
