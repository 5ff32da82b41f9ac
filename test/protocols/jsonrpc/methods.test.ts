import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_COLLECTED_PROGRESS } from '../../../protocols/jsonrpc/progress.js';
import { createRouter, ErrorUri, type Invocation, type Router, RouterError } from '../../../src/router/index.js';
import { connect, type TestClient } from './harness.js';

let router: Router;
const clients: TestClient[] = [];

function client(options?: Parameters<typeof connect>[1]): TestClient {
  const created = connect(router, options);
  clients.push(created);
  return created;
}

beforeEach(() => {
  router = createRouter({ onError: () => {} });
});

afterEach(() => {
  for (const created of clients.splice(0)) created.close();
});

describe('JSON-RPC methods', () => {
  describe('subscribe / publish / unsubscribe', () => {
    it('pushes published messages in the eth_subscription shape', async () => {
      const a = client();
      const b = client();
      const subscribed = (await b.request('subscribe', ['chat.room1'])) as { result: number };
      expect(subscribed.result).toEqual(expect.any(Number));
      expect(await a.request('publish', ['chat.room1', { text: 'hi' }])).toEqual({
        jsonrpc: '2.0',
        result: true,
        id: 1,
      });
      expect(await b.connection.next()).toEqual({
        jsonrpc: '2.0',
        method: 'subscription',
        params: { subscription: subscribed.result, topic: 'chat.room1', result: { text: 'hi' } },
      });
    });

    it('delivers the publisher its own message when it is subscribed', async () => {
      const a = client();
      await a.request('subscribe', { topic: 'news' });
      a.send({ jsonrpc: '2.0', method: 'publish', params: { topic: 'news', payload: 1 } });
      expect(await a.connection.next()).toMatchObject({ method: 'subscription', params: { result: 1 } });
    });

    it('names the actual topic in pushes for a prefix subscription', async () => {
      const a = client();
      await a.request('subscribe', ['chat.', { match: 'prefix' }]);
      router.local().publish({ topic: 'chat.room7', args: ['x'] });
      expect(await a.connection.next()).toMatchObject({ params: { topic: 'chat.room7', result: 'x' } });
    });

    it('maps a message with args and kwargs to {args, kwargs}, and bytes to $binary', async () => {
      const a = client();
      await a.request('subscribe', ['t']);
      router.local().publish({ topic: 't', args: [new Uint8Array([1, 2])], kwargs: { k: 1 } });
      expect(await a.connection.next()).toMatchObject({
        params: { result: { args: [{ $binary: 'AQI=' }], kwargs: { k: 1 } } },
      });
    });

    it('pushes null for a publish without payload', async () => {
      const a = client();
      await a.request('subscribe', ['t']);
      a.send({ jsonrpc: '2.0', method: 'publish', params: ['t'] });
      expect(await a.connection.next()).toMatchObject({ method: 'subscription', params: { result: null } });
    });

    it('skips a message too deeply nested for JSON without disturbing other subscribers', async () => {
      const a = client();
      await a.request('subscribe', ['t']);
      const others: unknown[] = [];
      router.local().subscribe('t', {}, (message) => others.push(message.publicationId));
      let deep: unknown = 0;
      for (let i = 0; i < 2000; i++) deep = [deep];
      router.local().publish({ topic: 't', args: [deep] });
      expect(others).toHaveLength(1);
      expect(await a.connection.quiet()).toEqual([]);
      expect(await a.request('publish', ['t', 'ok'])).toMatchObject({ params: { result: 'ok' } });
    });

    it('gives two subscriptions to one topic distinct ids', async () => {
      const a = client();
      const first = (await a.request('subscribe', ['t'])) as { result: number };
      const second = (await a.request('subscribe', ['t'])) as { result: number };
      expect(first.result).not.toBe(second.result);
    });

    it('stops pushes after unsubscribe', async () => {
      const a = client();
      const { result: id } = (await a.request('subscribe', ['t'])) as { result: number };
      expect(await a.request('unsubscribe', [id])).toMatchObject({ result: true });
      router.local().publish({ topic: 't', args: [1] });
      expect(await a.connection.quiet()).toEqual([]);
    });

    it('answers unsubscribe of an unknown id with -32602', async () => {
      const a = client();
      expect(await a.request('unsubscribe', [99])).toMatchObject({
        error: { code: -32602, data: { uri: ErrorUri.NO_SUCH_SUBSCRIPTION } },
      });
    });

    it('answers subscribe without a topic with -32602', async () => {
      expect(await client().request('subscribe', [])).toMatchObject({ error: { code: -32602 } });
    });

    it('answers a publish to an invalid topic with -32602 and the router URI', async () => {
      expect(await client().request('publish', ['bad topic!#', 1])).toMatchObject({
        error: { code: -32602, data: { uri: ErrorUri.INVALID_URI } },
      });
    });

    it('sends binary payloads published as $binary to other protocols as bytes', async () => {
      const received: unknown[] = [];
      router.local().subscribe('bin', {}, (message) => received.push(message.args?.[0]));
      await client().request('publish', ['bin', { $binary: 'AQI=' }]);
      expect(received).toEqual([new Uint8Array([1, 2])]);
    });
  });

  describe('calls', () => {
    it('calls a server-side procedure with positional params as args', async () => {
      router
        .local()
        .register('add', {}, (inv) => inv.resolve({ args: [(inv.args?.[0] as number) + (inv.args?.[1] as number)] }));
      expect(await client().request('add', [2, 3])).toEqual({ jsonrpc: '2.0', result: 5, id: 1 });
    });

    it('passes named params as kwargs and maps a kwargs-only result back to an object', async () => {
      router.local().register('echo', {}, (inv) => inv.resolve(inv.kwargs === undefined ? {} : { kwargs: inv.kwargs }));
      expect(await client().request('echo', { a: 1 })).toMatchObject({ result: { a: 1 } });
    });

    it('answers null for a result without payload', async () => {
      router.local().register('noop', {}, (inv) => inv.resolve());
      expect(await client().request('noop')).toMatchObject({ result: null });
    });

    it('answers an application error with -32000 and the URI, args and kwargs in data', async () => {
      router
        .local()
        .register('fail', {}, (inv) =>
          inv.reject(new RouterError('com.example.error.out_of_stock', 'out of stock', { args: [3] })),
        );
      expect(await client().request('fail')).toMatchObject({
        error: {
          code: -32000,
          message: 'out of stock',
          data: { uri: 'com.example.error.out_of_stock', args: [3] },
        },
      });
    });

    it('answers -32603 for a result JSON cannot encode', async () => {
      const unencodable = {
        toJSON() {
          throw new Error('not JSON');
        },
      };
      router.local().register('odd', {}, (inv) => inv.resolve({ args: [unencodable] }));
      expect(await client().request('odd')).toEqual({
        jsonrpc: '2.0',
        error: { code: -32603, message: 'Internal error: result cannot be encoded as JSON' },
        id: 1,
      });
    });

    it('answers wamp.error.invalid_argument with -32602', async () => {
      router.local().register('strict', {}, (inv) => inv.reject(new RouterError(ErrorUri.INVALID_ARGUMENT, 'nope')));
      expect(await client().request('strict', [1])).toMatchObject({ error: { code: -32602 } });
    });

    it('times out calls when callTimeout is set: -32002', async () => {
      router.local().register('slow', {}, () => {});
      const a = client({ plugin: { callTimeout: 30 } });
      expect(await a.request('slow')).toMatchObject({
        error: { code: -32002, data: { uri: ErrorUri.TIMEOUT } },
      });
    });

    it('holds later requests behind a call only until the authorize hook allowed it, not until it is answered', async () => {
      router = createRouter({ onError: () => {}, access: { authorize: async () => true } });
      const parked: Invocation[] = [];
      router.local().register('slow', {}, (inv) => parked.push(inv));
      const a = client();
      a.send({ jsonrpc: '2.0', method: 'slow', id: 'slow' });
      // Decided by the hook too, after the call's decision: it waits for that, not for the answer.
      expect(await a.request('subscribe', ['t'])).toMatchObject({ result: expect.any(Number), id: 1 });
      expect(parked).toHaveLength(1);
      parked[0]?.resolve({ args: ['done'] });
      expect(await a.connection.next()).toEqual({ jsonrpc: '2.0', result: 'done', id: 'slow' });
    });

    it('cancels a call past 10,000 progressive results and answers -32008', async () => {
      const aborted: string[] = [];
      router.local().register(
        'chatty',
        {},
        (inv) => {
          for (let i = 0; i <= MAX_COLLECTED_PROGRESS; i++) inv.progress({ args: [i] });
        },
        (_inv, reason) => aborted.push(reason.uri),
      );
      expect(await client().request('chatty')).toMatchObject({
        error: { code: -32008, message: `more than ${MAX_COLLECTED_PROGRESS} progressive results` },
        id: 1,
      });
      expect(aborted).toEqual([ErrorUri.CANCELED]);
    });

    it('answers calls concurrently: a slow call does not hold up the next request', async () => {
      router.local().register('slow', {}, () => {});
      router.local().register('fast', {}, (inv) => inv.resolve({ args: ['fast'] }));
      const a = client();
      a.send({ jsonrpc: '2.0', method: 'slow', id: 1 });
      expect(await a.request('fast')).toMatchObject({ result: 'fast' });
    });
  });

  describe('register (the client as callee)', () => {
    it('sends calls to the client as requests and answers the caller with its response', async () => {
      const callee = client();
      const caller = client();
      expect(await callee.request('register', ['com.example.add'])).toMatchObject({
        result: expect.any(Number),
      });
      caller.send({ jsonrpc: '2.0', method: 'com.example.add', params: [2, 3], id: 'c1' });
      const request = (await callee.connection.next()) as { id: number; method: string; params: number[] };
      expect(request).toEqual({ jsonrpc: '2.0', id: 1, method: 'com.example.add', params: [2, 3] });
      callee.send({ jsonrpc: '2.0', result: 5, id: request.id });
      expect(await caller.connection.next()).toEqual({ jsonrpc: '2.0', result: 5, id: 'c1' });
    });

    it('numbers broker requests sequentially from 1', async () => {
      const callee = client();
      await callee.request('register', ['p']);
      router.local().call('p', { args: [1] });
      router.local().call('p', { args: [2] });
      const ids = [await callee.connection.next(), await callee.connection.next()].map((m) => (m as { id: number }).id);
      expect(ids).toEqual([1, 2]);
    });

    it('sends both args and kwargs as {args, kwargs} and kwargs alone as an object', async () => {
      const callee = client();
      await callee.request('register', { procedure: 'p' });
      router.local().call('p', { args: [1], kwargs: { k: 2 } });
      router.local().call('p', { kwargs: { k: 3 } });
      expect(await callee.connection.next()).toMatchObject({ params: { args: [1], kwargs: { k: 2 } } });
      expect(await callee.connection.next()).toMatchObject({ params: { k: 3 } });
    });

    it('turns an error response into a RouterError for the caller', async () => {
      const callee = client();
      await callee.request('register', ['p']);
      const call = router.local().call('p');
      const request = (await callee.connection.next()) as { id: number };
      callee.send({
        jsonrpc: '2.0',
        error: { code: 7, message: 'no', data: { uri: 'com.x.denied' } },
        id: request.id,
      });
      await expect(call.result).rejects.toMatchObject({ uri: 'com.x.denied', message: 'no' });
    });

    it('passes a callee error to a JSON-RPC caller with its code', async () => {
      const callee = client();
      const caller = client();
      await callee.request('register', ['p']);
      caller.send({ jsonrpc: '2.0', method: 'p', id: 1 });
      const request = (await callee.connection.next()) as { id: number };
      callee.send({ jsonrpc: '2.0', error: { code: 42, message: 'no' }, id: request.id });
      expect(await caller.connection.next()).toEqual({
        jsonrpc: '2.0',
        error: { code: 42, message: 'no' },
        id: 1,
      });
    });

    it('ignores a response to an id the broker never sent', async () => {
      const callee = client();
      callee.send({ jsonrpc: '2.0', result: 1, id: 12345 });
      expect(await callee.connection.quiet()).toEqual([]);
    });

    it('fails pending calls with canceled (-32003) when the callee disconnects', async () => {
      const callee = client();
      const caller = client();
      await callee.request('register', ['p']);
      caller.send({ jsonrpc: '2.0', method: 'p', id: 1 });
      await callee.connection.next();
      callee.close();
      expect(await caller.connection.next()).toMatchObject({ error: { code: -32003 }, id: 1 });
    });

    it('stops routing calls after unregister', async () => {
      const callee = client();
      const { result: id } = (await callee.request('register', ['p'])) as { result: number };
      expect(await callee.request('unregister', [id])).toMatchObject({ result: true });
      expect(await callee.request('p')).toMatchObject({ error: { code: -32601 } });
      expect(await callee.request('unregister', [id])).toMatchObject({ error: { code: -32602 } });
    });

    it('answers a second single registration of a procedure with -32007', async () => {
      await client().request('register', ['p']);
      expect(await client().request('register', ['p'])).toMatchObject({
        error: { code: -32007, data: { uri: ErrorUri.PROCEDURE_ALREADY_EXISTS } },
      });
    });

    it('shares a procedure between callees with invoke roundrobin', async () => {
      const first = client();
      const second = client();
      await first.request('register', ['p', { invoke: 'roundrobin' }]);
      await second.request('register', ['p', { invoke: 'roundrobin' }]);
      router.local().call('p');
      router.local().call('p');
      await expect(first.connection.next()).resolves.toMatchObject({ method: 'p' });
      await expect(second.connection.next()).resolves.toMatchObject({ method: 'p' });
    });
  });
});
