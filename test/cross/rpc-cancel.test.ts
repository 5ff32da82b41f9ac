/**
 * docs/cross-protocol.md "Timeouts and cancellation": a caller's timeout, cancel or departure
 * reaches a callee of another protocol as far as that protocol allows, and no caller hangs.
 * The WAMP callee that must receive INTERRUPT is a raw client announcing call_canceling, because
 * autobahn-js 22 callees do not announce it.
 */
import type { IMessage } from '@stomp/stompjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedJunction } from '../helpers/start-junction.js';
import { type RawClient, rawClient } from '../protocols/wamp/raw-client.js';
import {
  type JsonRpcMessage,
  type JsonRpcPeer,
  jsonRpcPeer,
  type StompPeer,
  startPolyglot,
  stompPeer,
  until,
  WampCode,
  type WampPeer,
  wampPeer,
} from './clients.js';

/** Both the JSON-RPC `callTimeout` and the STOMP `rpcTimeout` of this broker, in ms. */
const TIMEOUT = 300;

let broker: StartedJunction;
let rpcCallee: JsonRpcPeer;
let wampCaller: WampPeer;
let stompCaller: StompPeer;
const replies: IMessage[] = [];

/** Requests the JSON-RPC callee received and never answered (it is slow on purpose). */
const invocations = (): JsonRpcMessage[] =>
  rpcCallee.inbound.filter((m) => m.id !== undefined && m.method !== undefined);
const cancels = (): JsonRpcMessage[] => rpcCallee.inbound.filter((m) => m.method === 'rpc.cancel');

beforeAll(async () => {
  broker = await startPolyglot({ jsonrpcCallTimeout: TIMEOUT, stompRpcTimeout: TIMEOUT });
  [rpcCallee, wampCaller, stompCaller] = await Promise.all([
    jsonRpcPeer(broker),
    wampPeer(broker, 'json'),
    stompPeer(broker),
  ]);
  await rpcCallee.request('register', ['cross.jsonrpc.slow']);
  stompCaller.client.onUnhandledMessage = (message) => replies.push(message);
});

afterAll(async () => {
  await Promise.all([wampCaller.close(), stompCaller.close()]);
  rpcCallee.close();
  await broker.close();
});

/** A raw WAMP callee of `procedure` with call_canceling; resolves once registered. */
async function rawCallee(procedure: string): Promise<RawClient> {
  const callee = await rawClient(broker.url);
  await callee.hello();
  callee.send([64, 1, {}, procedure]);
  expect((await callee.next())[0]).toBe(65);
  return callee;
}

describe('Cross-protocol timeouts', () => {
  it('[JSON-RPC caller] times out on a WAMP callee with -32002, and the callee gets INTERRUPT killnowait', async () => {
    const callee = await rawCallee('cross.raw.slow');
    const caller = await jsonRpcPeer(broker);
    const answer = caller.request('cross.raw.slow', [1]);
    const invocation = await callee.next();
    expect(invocation[0]).toBe(WampCode.INVOCATION);
    expect((await answer).error).toMatchObject({ code: -32002, data: { uri: 'wamp.error.timeout' } });
    expect(await callee.next()).toEqual([
      WampCode.INTERRUPT,
      invocation[1],
      { mode: 'killnowait', reason: 'wamp.error.timeout' },
    ]);
    caller.close();
    callee.close();
  });

  it('[WAMP caller] times out on a JSON-RPC callee, which gets an rpc.cancel notification', async () => {
    const seen = invocations().length;
    const failure = await wampCaller.session
      .call('cross.jsonrpc.slow', [1], {}, { timeout: 100 })
      .catch((error: { error: string }) => error.error);
    expect(failure).toBe('wamp.error.timeout');
    const request = invocations()[seen];
    await until(() => cancels().some((m) => (m.params as { id: number }).id === request?.id));
    expect(cancels().at(-1)?.params).toEqual({ id: request?.id, reason: 'wamp.error.timeout' });
    // JSON-RPC has no cancel: a late answer is ignored, and the session keeps working.
    rpcCallee.respond(request?.id as number, { result: 'late' });
    expect((await rpcCallee.request('subscribe', ['cross.still.alive'])).result).toEqual(expect.any(Number));
  });

  it('[STOMP caller] gets error wamp.error.timeout from a JSON-RPC callee after rpcTimeout', async () => {
    const seen = cancels().length;
    stompCaller.client.publish({
      destination: '/rpc/cross.jsonrpc.slow',
      headers: { 'reply-to': '/temp-queue/t', 'correlation-id': 'slow-1' },
    });
    await until(() => replies.some((m) => m.headers['correlation-id'] === 'slow-1'), TIMEOUT + 2000);
    expect(replies.find((m) => m.headers['correlation-id'] === 'slow-1')?.headers.error).toBe('wamp.error.timeout');
    await until(() => cancels().length > seen);
  });
});

describe('Cross-protocol cancellation', () => {
  it('[WAMP caller] cancels a JSON-RPC call in kill mode and gets wamp.error.canceled at once', async () => {
    const seen = invocations().length;
    const call = wampCaller.session.call('cross.jsonrpc.slow', [2]);
    const failure = call.catch((error: { error: string }) => error.error);
    await until(() => invocations().length > seen);
    call.cancel({ mode: 'kill' });
    // JSON-RPC cannot be interrupted, so kill falls back to skip, as for WAMP callees without call_canceling.
    expect(await failure).toBe('wamp.error.canceled');
    const request = invocations()[seen];
    await until(() => cancels().some((m) => (m.params as { id: number }).id === request?.id));
  });

  it('[JSON-RPC caller] leaving interrupts the WAMP callee it was waiting on', async () => {
    const callee = await rawCallee('cross.raw.abandoned');
    const caller = await jsonRpcPeer(broker);
    void caller.request('cross.raw.abandoned', []);
    const invocation = await callee.next();
    caller.close();
    expect(await callee.next()).toEqual([
      WampCode.INTERRUPT,
      invocation[1],
      { mode: 'killnowait', reason: 'wamp.error.canceled' },
    ]);
    callee.close();
  });

  it('[WAMP and STOMP callers] get wamp.error.canceled when the JSON-RPC callee leaves mid-call', async () => {
    const callee = await jsonRpcPeer(broker);
    await callee.request('register', ['cross.jsonrpc.leaving']);
    const wampFailure = wampCaller.session
      .call('cross.jsonrpc.leaving')
      .catch((error: { error: string }) => error.error);
    stompCaller.client.publish({
      destination: '/rpc/cross.jsonrpc.leaving',
      headers: { 'reply-to': '/temp-queue/t', 'correlation-id': 'leaving-1' },
    });
    await until(() => callee.inbound.filter((m) => m.method === 'cross.jsonrpc.leaving').length === 2);
    callee.close();
    expect(await wampFailure).toBe('wamp.error.canceled');
    await until(() => replies.some((m) => m.headers['correlation-id'] === 'leaving-1'));
    expect(replies.find((m) => m.headers['correlation-id'] === 'leaving-1')?.headers.error).toBe('wamp.error.canceled');
  });

  it('[JSON-RPC caller] gets -32003 when the WAMP callee leaves mid-call', async () => {
    const callee = await rawCallee('cross.raw.leaving');
    const caller = await jsonRpcPeer(broker);
    const answer = caller.request('cross.raw.leaving', []);
    await callee.next();
    callee.close();
    expect((await answer).error).toMatchObject({ code: -32003, data: { uri: 'wamp.error.canceled' } });
    caller.close();
  });
});
