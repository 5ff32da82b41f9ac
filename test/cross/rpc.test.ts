/**
 * docs/cross-protocol.md "Procedures": every caller protocol (JSON-RPC, WAMP, STOMP `/rpc/`) calls
 * every callee kind (a WAMP session, a JSON-RPC session, a server-side handler); results, errors
 * and progressive results arrive in each caller's own form.
 */
import type { IMessage } from '@stomp/stompjs';
import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterError } from '../../src/router/types.js';
import type { StartedJunction } from '../helpers/start-junction.js';
import { stompRpc } from '../helpers/stomp-rpc.js';
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
} from './clients.js';

const ERROR_URI = 'com.example.error.out_of_stock';
const ERROR_ARGS = ['sold out'];
const ERROR_KWARGS = { sku: 'A1' };

let broker: StartedJunction;
let wampCallee: WampPeer;
let rpcCallee: JsonRpcPeer;
let wampCaller: WampPeer;
let rpcCaller: JsonRpcPeer;
let stompCaller: StompPeer;
let stompCall: ReturnType<typeof stompRpc>['call'];
let replies: IMessage[];

const sum = (args: readonly unknown[]) => args.reduce<number>((total, n) => total + Number(n), 0);

beforeAll(async () => {
  broker = await startPolyglot();
  [wampCallee, rpcCallee, wampCaller, rpcCaller, stompCaller] = await Promise.all([
    wampPeer(broker, 'json'),
    jsonRpcPeer(broker),
    wampPeer(broker, 'msgpack'),
    jsonRpcPeer(broker),
    stompPeer(broker),
  ]);
  const session = wampCallee.session;
  await session.register('cross.wamp.add', (args) => sum(args));
  await session.register('cross.wamp.fail', () => {
    throw new autobahn.Error(ERROR_URI, ERROR_ARGS, ERROR_KWARGS);
  });
  await session.register('cross.wamp.stream', (_args, _kwargs, details) => {
    details.progress?.(['p1']);
    details.progress?.(['p2']);
    return 'done';
  });

  for (const procedure of ['cross.jsonrpc.add', 'cross.jsonrpc.fail']) {
    await rpcCallee.request('register', [procedure]);
  }
  rpcCallee.ws.on('message', (data) => {
    const request = JSON.parse(data.toString()) as JsonRpcMessage;
    if (request.id === undefined || request.method === undefined) return;
    if (request.method === 'cross.jsonrpc.add')
      rpcCallee.respond(request.id as number, { result: sum(request.params as unknown[]) });
    if (request.method === 'cross.jsonrpc.fail') {
      const data = { uri: ERROR_URI, args: ERROR_ARGS, kwargs: ERROR_KWARGS };
      rpcCallee.respond(request.id as number, { error: { code: -32000, message: 'sold out', data } });
    }
  });

  broker.junction.register('cross.code.add', (args) => sum(args));
  broker.junction.register('cross.code.fail', () => {
    throw new RouterError(ERROR_URI, 'sold out', { args: ERROR_ARGS, kwargs: ERROR_KWARGS });
  });
  broker.junction.register('cross.code.stream', (_args, _kwargs, details) => {
    details.progress({ args: ['p1'] });
    details.progress({ args: ['p2'] });
    return 'done';
  });
  ({ call: stompCall, replies } = stompRpc(stompCaller.client));
});

afterAll(async () => {
  await Promise.all([wampCallee.close(), wampCaller.close(), stompCaller.close()]);
  rpcCallee.close();
  rpcCaller.close();
  await broker.close();
});

type Callee = 'wamp' | 'jsonrpc' | 'code';
const CALLEES: readonly Callee[] = ['wamp', 'jsonrpc', 'code'];

describe('Cross-protocol RPC results', () => {
  it.each(CALLEES)('[JSON-RPC caller] calls a %s callee with positional params', async (callee) => {
    expect(await rpcCaller.request(`cross.${callee}.add`, [2, 3])).toEqual({
      jsonrpc: '2.0',
      id: expect.any(Number),
      result: 5,
    });
  });

  it.each(CALLEES)('[WAMP caller] calls a %s callee', async (callee) => {
    expect(await wampCaller.session.call(`cross.${callee}.add`, [2, 3, 4])).toBe(9);
  });

  it.each(CALLEES)(
    '[STOMP caller] calls a %s callee through /rpc/ with reply-to and correlation-id',
    async (callee) => {
      const reply = await stompCall(`cross.${callee}.add`, [20, 22]);
      expect(reply.headers.destination).toBe('/temp-queue/rpc');
      expect([reply.body, reply.headers['content-type'], reply.headers.error]).toEqual([
        '42',
        'application/json',
        undefined,
      ]);
    },
  );

  it('[STOMP caller] passes a plain JSON body as one argument when envelope is not set', async () => {
    stompCaller.client.publish({
      destination: '/rpc/cross.code.add',
      body: '7',
      headers: { 'content-type': 'application/json', 'reply-to': '/temp-queue/rpc', 'correlation-id': 'plain' },
    });
    await until(() => replies.some((m) => m.headers['correlation-id'] === 'plain'));
    expect(replies.find((m) => m.headers['correlation-id'] === 'plain')?.body).toBe('7');
  });

  it('[STOMP caller] keeps /rpc/ replies private to the caller, even from a # subscriber', async () => {
    const snooper = await stompPeer(broker);
    const seen: IMessage[] = [];
    await snooper.subscribe('/topic/#', seen);
    await stompCall('cross.code.add', [1]);
    // A marker behind the reply: a leaked request or reply would have reached the snooper first.
    broker.junction.router.local().publish({ topic: 'cross.marker', args: ['marker'] });
    await until(() => seen.length > 0);
    expect(seen.map((message) => message.headers.destination)).toEqual(['/topic/cross.marker']);
    await snooper.close();
  });
});

describe('Cross-protocol RPC errors', () => {
  it.each(CALLEES)(
    '[JSON-RPC caller] gets -32000 with the URI, args and kwargs in error.data from a %s callee',
    async (callee) => {
      const { error } = await rpcCaller.request(`cross.${callee}.fail`, []);
      expect(error).toEqual({
        code: -32000,
        message: expect.any(String),
        data: { uri: ERROR_URI, args: ERROR_ARGS, kwargs: ERROR_KWARGS },
      });
    },
  );

  it.each(CALLEES)('[WAMP caller] gets the error URI with args and kwargs from a %s callee', async (callee) => {
    type WampError = { error: string; args: unknown[]; kwargs: Record<string, unknown> };
    const failure = await wampCaller.session.call(`cross.${callee}.fail`).then(
      () => undefined,
      (error: unknown) => error as WampError,
    );
    expect({ error: failure?.error, args: failure?.args, kwargs: failure?.kwargs }).toEqual({
      error: ERROR_URI,
      args: ERROR_ARGS,
      kwargs: ERROR_KWARGS,
    });
  });

  it.each(CALLEES)('[STOMP caller] gets an error header and the args/kwargs body from a %s callee', async (callee) => {
    const reply = await stompCall(`cross.${callee}.fail`);
    expect(reply.headers.error).toBe(ERROR_URI);
    expect(JSON.parse(reply.body)).toEqual({ args: ERROR_ARGS, kwargs: ERROR_KWARGS });
  });

  it('maps a missing procedure to each caller form: -32601, wamp.error.no_such_procedure, error header', async () => {
    expect((await rpcCaller.request('cross.nobody.home', [])).error).toMatchObject({
      code: -32601,
      data: { uri: 'wamp.error.no_such_procedure' },
    });
    const wampError = await wampCaller.session
      .call('cross.nobody.home')
      .catch((error: { error: string }) => error.error);
    expect(wampError).toBe('wamp.error.no_such_procedure');
    expect((await stompCall('cross.nobody.home')).headers.error).toBe('wamp.error.no_such_procedure');
  });
});

describe('Cross-protocol progressive results', () => {
  const STREAMERS: readonly Callee[] = ['wamp', 'code'];

  it.each(STREAMERS)(
    '[WAMP caller] receives each progressive result of a %s callee, then the result',
    async (callee) => {
      const progress: unknown[] = [];
      const result = await wampCaller.session.call(`cross.${callee}.stream`, [], {}, { receive_progress: true }).then(
        (value) => value,
        undefined,
        (update) => progress.push(update),
      );
      // autobahn-js hands a one-argument progressive result over as that argument.
      expect({ progress, result }).toEqual({ progress: ['p1', 'p2'], result: 'done' });
    },
  );

  it.each(STREAMERS)('[JSON-RPC caller] gets {progress, result} collected from a %s callee', async (callee) => {
    expect((await rpcCaller.request(`cross.${callee}.stream`, [])).result).toEqual({
      progress: ['p1', 'p2'],
      result: 'done',
    });
  });

  it.each(STREAMERS)(
    '[STOMP caller] gets {progress, result} and a progress count header from a %s callee',
    async (callee) => {
      const reply = await stompCall(`cross.${callee}.stream`);
      expect([JSON.parse(reply.body), reply.headers.progress, reply.headers['content-type']]).toEqual([
        { progress: ['p1', 'p2'], result: 'done' },
        '2',
        'application/json',
      ]);
    },
  );

  it('[JSON-RPC caller] gets the bare result when the callee sent no progress', async () => {
    expect((await rpcCaller.request('cross.wamp.add', [1, 1])).result).toBe(2);
  });
});
