import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../../src/router/index.js';
import { connect, type TestClient } from './harness.js';

let router: Router;
let client: TestClient;

beforeEach(() => {
  router = createRouter({ onError: () => {} });
  router
    .local()
    .register('sum', {}, (invocation) =>
      invocation.resolve({ args: [(invocation.args as number[]).reduce((a, b) => a + b, 0)] }),
    );
  client = connect(router);
});

afterEach(() => client.close());

const invalidRequest = (id: unknown = null) => ({
  jsonrpc: '2.0',
  error: { code: -32600, message: 'Invalid Request', data: expect.any(String) },
  id,
});

describe('JsonRpcSession', () => {
  it('[JSON-RPC 2.0 §7] answers a request with its result and id', async () => {
    expect(await client.request('sum', [1, 2, 4])).toEqual({ jsonrpc: '2.0', result: 7, id: 1 });
  });

  it('[JSON-RPC 2.0 §5.1] answers invalid JSON with one -32700 and id null', async () => {
    client.send('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]');
    expect(await client.connection.next()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error' },
      id: null,
    });
  });

  it('[JSON-RPC 2.0 §5.1] answers a binary frame that is not UTF-8 with -32700', async () => {
    client.session.onMessage(new Uint8Array([0xff, 0xfe]));
    expect(await client.connection.next()).toMatchObject({ error: { code: -32700 }, id: null });
  });

  it('reads a binary frame holding UTF-8 JSON as a request', async () => {
    client.session.onMessage(new TextEncoder().encode('{"jsonrpc":"2.0","method":"sum","params":[2],"id":"b"}'));
    expect(await client.connection.next()).toEqual({ jsonrpc: '2.0', result: 2, id: 'b' });
  });

  it('[JSON-RPC 2.0 §5.1] answers an invalid request object with -32600', async () => {
    client.send({ jsonrpc: '2.0', method: 1, params: 'bar' });
    expect(await client.connection.next()).toEqual(invalidRequest());
  });

  it('[JSON-RPC 2.0 §4.1] never replies to a notification, not even with an error', async () => {
    client.send({ jsonrpc: '2.0', method: 'no.such.method' });
    client.send({ jsonrpc: '2.0', method: 'sum', params: [1] });
    expect(await client.connection.quiet()).toEqual([]);
  });

  it('[JSON-RPC 2.0 §4] answers a request whose id is null', async () => {
    client.send({ jsonrpc: '2.0', method: 'sum', params: [3], id: null });
    expect(await client.connection.next()).toEqual({ jsonrpc: '2.0', result: 3, id: null });
  });

  it('[JSON-RPC 2.0 §5.1] answers an unknown method with -32601', async () => {
    expect(await client.request('no.such.method', [])).toMatchObject({ error: { code: -32601 }, id: 1 });
  });

  it('[JSON-RPC 2.0 §4] treats methods beginning with "rpc." as reserved: -32601', async () => {
    router.local().register('rpc.discover', {}, (invocation) => invocation.resolve({ args: [1] }));
    expect(await client.request('rpc.discover')).toMatchObject({ error: { code: -32601 }, id: 1 });
  });

  it('answers a method name that is not a valid procedure URI with -32601', async () => {
    expect(await client.request('bad name#', [])).toMatchObject({ error: { code: -32601 }, id: 1 });
  });

  it('[JSON-RPC 2.0 §6] answers an empty batch with one Invalid Request error', async () => {
    client.send('[]');
    expect(await client.connection.next()).toMatchObject({ error: { code: -32600 }, id: null });
  });

  it('[JSON-RPC 2.0 §6] answers each invalid batch element with -32600 and id null', async () => {
    client.send('[1,2,3]');
    expect(await client.connection.next()).toEqual([invalidRequest(), invalidRequest(), invalidRequest()]);
  });

  it('[JSON-RPC 2.0 §6] answers a mixed batch with one array leaving out notifications', async () => {
    client.send([
      { jsonrpc: '2.0', method: 'sum', params: [1, 2], id: '1' },
      { jsonrpc: '2.0', method: 'sum', params: [7] },
      { foo: 'boo' },
      { jsonrpc: '2.0', method: 'foo.get', params: { name: 'myself' }, id: '5' },
    ]);
    const reply = (await client.connection.next()) as { id: unknown }[];
    expect(reply).toHaveLength(3);
    expect(reply).toContainEqual({ jsonrpc: '2.0', result: 3, id: '1' });
    expect(reply).toContainEqual(invalidRequest());
    expect(reply).toContainEqual(
      expect.objectContaining({ error: expect.objectContaining({ code: -32601 }), id: '5' }),
    );
  });

  it('[JSON-RPC 2.0 §6] sends nothing for a batch of notifications only', async () => {
    client.send([
      { jsonrpc: '2.0', method: 'sum', params: [1] },
      { jsonrpc: '2.0', method: 'no.such.method' },
    ]);
    expect(await client.connection.quiet()).toEqual([]);
  });

  it('refuses a batch over the limit with one -32600 naming the limit', async () => {
    const limited = connect(router, { plugin: { maxBatch: 2 } });
    const request = { jsonrpc: '2.0', method: 'sum', params: [1], id: 1 };
    limited.send([request, request, request]);
    const reply = await limited.connection.next();
    expect(reply).toMatchObject({
      error: { code: -32600, message: expect.stringContaining('limit of 2') },
      id: null,
    });
    limited.close();
  });

  it('accepts a batch of 100 requests by default and refuses 101', async () => {
    const request = { jsonrpc: '2.0', method: 'sum', params: [1], id: 1 };
    client.send(Array.from({ length: 100 }, () => request));
    expect(await client.connection.next()).toHaveLength(100);
    client.send(Array.from({ length: 101 }, () => request));
    expect(await client.connection.next()).toMatchObject({
      error: { message: expect.stringMatching(/100/) },
    });
  });

  it('[limits.maxDepth] answers a 100,000-deep nested array with one -32600 instead of crashing', async () => {
    client.send(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(await client.connection.next()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32600, message: 'Invalid Request: nested deeper than 64 levels' },
      id: null,
    });
  });

  it('[limits.maxDepth] accepts a request nested exactly to the limit, refuses one level more', async () => {
    router.local().register('echo', {}, (invocation) => invocation.resolve({ args: invocation.args }));
    const nested = (depth: number) => `${'['.repeat(depth)}5${']'.repeat(depth)}`;
    // {"params": [value]}: the request object and the params array are two of the 64 levels.
    client.send(`{"jsonrpc":"2.0","method":"echo","params":[${nested(62)}],"id":8}`);
    expect(await client.connection.next()).toEqual({ jsonrpc: '2.0', result: JSON.parse(nested(62)), id: 8 });
    client.send(`{"jsonrpc":"2.0","method":"echo","params":[${nested(63)}],"id":9}`);
    expect(await client.connection.next()).toMatchObject({ error: { code: -32600 }, id: null });
  });

  it('answers params nested deeper than the walk allows with -32602 when maxDepth is raised', async () => {
    const deepClient = connect(router, { maxDepth: 100_000 });
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    deepClient.send(`{"jsonrpc":"2.0","method":"sum","params":${deep},"id":9}`);
    expect(await deepClient.connection.next()).toMatchObject({ error: { code: -32602 }, id: 9 });
    deepClient.close();
  });

  it('keeps working after every kind of bad input', async () => {
    for (const bad of ['', 'null', '"x"', '{', '[[]]', '{"jsonrpc":"2.0"}']) client.send(bad);
    await client.connection.quiet();
    expect(await client.request('sum', [5])).toMatchObject({ result: 5 });
  });
});
