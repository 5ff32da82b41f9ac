/**
 * docs/contracts.md "Procedures" over real sockets: a call whose arguments break `params` is
 * refused before any callee runs (WAMP, JSON-RPC or server-side), in each caller's own form; a
 * result that breaks `result` reaches each caller as `junction.error.invalid_result`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JsonRpcMessage,
  type JsonRpcPeer,
  jsonRpcPeer,
  type StompPeer,
  startPolyglot,
  stompPeer,
  type WampPeer,
  wampPeer,
} from '../cross/clients.js';
import type { StartedJunction } from '../helpers/start-junction.js';
import { stompRpc } from '../helpers/stomp-rpc.js';

type Callee = 'wamp' | 'jsonrpc' | 'code';
const CALLEES: readonly Callee[] = ['wamp', 'jsonrpc', 'code'];

let broker: StartedJunction;
let wampCallee: WampPeer;
let rpcCallee: JsonRpcPeer;
let wampCaller: WampPeer;
let rpcCaller: JsonRpcPeer;
let stompCaller: StompPeer;
let stompCall: ReturnType<typeof stompRpc>['call'];
const invocations: Record<Callee, number> = { wamp: 0, jsonrpc: 0, code: 0 };

const add = (callee: Callee, args: readonly unknown[]) => {
  invocations[callee]++;
  return Number(args[0]) + Number(args[1]);
};

beforeAll(async () => {
  broker = await startPolyglot();
  const numbers = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 };
  // Contracts for procedures whoever registers them: protocol clients and server-side handlers.
  broker.junction.contract('shop.*.add', { params: { type: 'object', properties: { args: numbers } } });
  broker.junction.contract('shop.*.label', { result: { type: 'string' } });
  [wampCallee, rpcCallee, wampCaller, rpcCaller, stompCaller] = await Promise.all([
    wampPeer(broker, 'json'),
    jsonRpcPeer(broker),
    wampPeer(broker, 'msgpack'),
    jsonRpcPeer(broker),
    stompPeer(broker),
  ]);
  await wampCallee.session.register('shop.wamp.add', (args) => add('wamp', args ?? []));
  await wampCallee.session.register('shop.wamp.label', (args) => args?.[0]);
  await rpcCallee.request('register', ['shop.jsonrpc.add']);
  await rpcCallee.request('register', ['shop.jsonrpc.label']);
  rpcCallee.ws.on('message', (data) => {
    const request = JSON.parse(data.toString()) as JsonRpcMessage;
    if (request.id === undefined || request.method === undefined) return;
    const params = request.params as unknown[];
    const result = request.method === 'shop.jsonrpc.add' ? add('jsonrpc', params) : params[0];
    rpcCallee.respond(request.id as number, { result });
  });
  broker.junction.register('shop.code.add', (args) => add('code', args));
  broker.junction.register('shop.code.label', (args) => args[0]);
  stompCall = stompRpc(stompCaller.client).call;
});

afterAll(async () => {
  await Promise.all([wampCallee.close(), wampCaller.close(), stompCaller.close()]);
  rpcCallee.close();
  rpcCaller.close();
  await broker.close();
});

type WampFailure = { error: string; args: unknown[]; kwargs: Record<string, unknown> };
const wampCall = (procedure: string, args: unknown[]) =>
  wampCaller.session.call(procedure, args).then(
    (result) => ({ result }),
    (failure: unknown) => {
      const { error, args, kwargs } = failure as WampFailure;
      return { error, args, kwargs };
    },
  );

const paramsRefusal = (callee: Callee) => `Invalid arguments for shop.${callee}.add: /args/1 must be number`;

describe('Procedure params contracts across protocols', () => {
  it.each(CALLEES)(
    '[WAMP CALL] refuses invalid arguments to a %s callee with wamp.error.invalid_argument',
    async (callee) => {
      const before = invocations[callee];
      expect(await wampCall(`shop.${callee}.add`, [1, 'two'])).toEqual({
        error: 'wamp.error.invalid_argument',
        args: [paramsRefusal(callee)],
        kwargs: {
          errors: [{ path: '/args/1', keyword: 'type', message: 'must be number', params: { type: 'number' } }],
        },
      });
      expect(invocations[callee]).toBe(before);
      expect(await wampCall(`shop.${callee}.add`, [1, 2])).toEqual({ result: 3 });
    },
  );

  it.each(CALLEES)('[JSON-RPC 2.0 §5.1] refuses invalid params to a %s callee with -32602', async (callee) => {
    const before = invocations[callee];
    const { error } = await rpcCaller.request(`shop.${callee}.add`, [1, 'two']);
    expect(error).toMatchObject({
      code: -32602,
      message: paramsRefusal(callee),
      data: { uri: 'wamp.error.invalid_argument', args: [paramsRefusal(callee)] },
    });
    expect(invocations[callee]).toBe(before);
    expect((await rpcCaller.request(`shop.${callee}.add`, [1, 2])).result).toBe(3);
  });

  it.each(CALLEES)('[STOMP /rpc/] refuses invalid arguments to a %s callee with an error header', async (callee) => {
    const before = invocations[callee];
    const reply = await stompCall(`shop.${callee}.add`, [1, 'two']);
    expect(reply.headers.error).toBe('wamp.error.invalid_argument');
    expect(JSON.parse(reply.body)).toMatchObject({
      args: [paramsRefusal(callee)],
      kwargs: { errors: [{ path: '/args/1' }] },
    });
    expect(invocations[callee]).toBe(before);
    expect((await stompCall(`shop.${callee}.add`, [1, 2])).body).toBe('3');
  });

  it('[JSON-RPC] sees named params as kwargs: {args: [], kwargs: {...}}', async () => {
    const { error } = await rpcCaller.request('shop.code.add', { a: 1, b: 2 });
    expect(error).toMatchObject({
      code: -32602,
      message: 'Invalid arguments for shop.code.add: /args must NOT have fewer than 2 items',
    });
  });
});

describe('Procedure result contracts across protocols', () => {
  const resultRefusal = (callee: Callee) => `Invalid result of shop.${callee}.label: / must be string`;

  it.each(CALLEES)(
    '[WAMP CALL] gets junction.error.invalid_result for a bad result from a %s callee',
    async (callee) => {
      expect(await wampCall(`shop.${callee}.label`, [42])).toMatchObject({
        error: 'junction.error.invalid_result',
        args: [resultRefusal(callee)],
      });
      expect(await wampCall(`shop.${callee}.label`, ['ok'])).toEqual({ result: 'ok' });
    },
  );

  it.each(CALLEES)(
    '[JSON-RPC] gets -32000 with data.uri junction.error.invalid_result from a %s callee',
    async (callee) => {
      expect((await rpcCaller.request(`shop.${callee}.label`, [42])).error).toMatchObject({
        code: -32000,
        message: resultRefusal(callee),
        data: { uri: 'junction.error.invalid_result' },
      });
    },
  );

  it.each(CALLEES)('[STOMP /rpc/] gets error: junction.error.invalid_result from a %s callee', async (callee) => {
    const reply = await stompCall(`shop.${callee}.label`, [42]);
    expect(reply.headers.error).toBe('junction.error.invalid_result');
    expect(JSON.parse(reply.body)).toMatchObject({ args: [resultRefusal(callee)] });
  });
});

describe('Publish contracts and STOMP replies', () => {
  it('[STOMP /rpc/] gets its reply under a publish contract on # (reply topics are reserved)', async () => {
    const everyTopic = broker.junction.contract('#', { publish: { type: 'object' } });
    try {
      expect(() => broker.junction.publish('shop.news', 'text')).toThrow(/Invalid payload for shop.news/);
      const reply = await stompCall('shop.code.add', [1, 2]);
      expect(reply.headers.error).toBeUndefined();
      expect(reply.body).toBe('3');
    } finally {
      everyTopic.remove();
    }
  });
});
