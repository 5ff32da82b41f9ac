/**
 * A session logged in with a JWT ends when the token does (its `exp`), with its protocol's own
 * goodbye: STOMP ERROR `token expired`, WAMP GOODBYE `junction.close.token_expired`, JSON-RPC an
 * `rpc.goodbye` notification; then close 1008 `token expired`. A JSON-RPC session that presents a
 * fresh token of the same identity first (`login` with `{token}`) lives on, subscriptions and all.
 * The broker here verifies HS256 with a shared secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { header } from '../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { eventually } from '../helpers/eventually.js';
import { jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, openClient } from '../helpers/ws-client.js';
import { firstFrame, jsonrpcLogin, stompjsLogin, tcpStompConnect, wampLogin } from './jwt-clients.js';
import { AUDIENCE, ISSUER, type SigningKey, signToken } from './jwt-fixtures.js';

const SECRET = 'a shared HS256 secret of at least 32 bytes';
const hs256: SigningKey = { alg: 'HS256', kid: 'hs', key: new TextEncoder().encode(SECRET) };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A token that expires in about two seconds (`exp` has whole seconds: between one and two). */
const shortLived = (sub = 'alice') => signToken(hs256, { sub, expiresIn: 2 });
/** For renewals: at least two seconds to present the fresh token, whatever the machine's load. */
const RENEWABLE_SECONDS = 3;
const renewable = () => signToken(hs256, { expiresIn: RENEWABLE_SECONDS });
const pastRenewable = () => sleep(RENEWABLE_SECONDS * 1000 + 300);
const longLived = (sub = 'alice') => signToken(hs256, { sub, expiresIn: 3600 });

let broker: StartedJunction;
let tcp: StompTcpServer;

beforeAll(async () => {
  const stompPlugin = stomp();
  broker = await startJunction({
    protocols: [stompPlugin, wamp(), jsonrpc()],
    auth: { allowAnonymous: false, jwt: { secret: SECRET, issuer: ISSUER, audience: AUDIENCE } },
  });
  tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin: stompPlugin });
});
afterAll(async () => {
  await tcp?.close();
  await broker?.close();
});

function goodbyes(ws: WebSocket): unknown[] {
  const seen: unknown[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { method?: string; params?: unknown };
    if (message.method === 'rpc.goodbye') seen.push(message.params);
  });
  return seen;
}

describe('a session whose JWT expires', () => {
  it('[STOMP over WebSocket] gets ERROR "token expired", then close 1008', async () => {
    const errors: string[] = [];
    const closes: string[] = [];
    const outcome = await stompjsLogin(broker.url, await shortLived(), {
      onError: (frame) => errors.push(frame.headers.message ?? ''),
      onClose: (code, reason) => closes.push(`${code} ${reason}`),
    });
    expect(outcome.ok).toBe(true);
    await eventually(() => expect(closes).toEqual(['1008 token expired']), 5000);
    expect(errors).toEqual(['token expired']);
    if (outcome.ok) await outcome.close();
  });

  it('[STOMP over TCP] gets ERROR "token expired", then the socket closes', async () => {
    const stomp = await tcpStompConnect(tcp.port, await shortLived());
    expect((await firstFrame(stomp)).command).toBe('CONNECTED');
    await stomp.closed;
    const last = stomp.frames.at(-1);
    expect(last?.command).toBe('ERROR');
    expect(last && header(last, 'message')).toBe('token expired');
  });

  it.each(['json', 'msgpack'] as const)('[WAMP %s] gets GOODBYE junction.close.token_expired', async (serializer) => {
    const login = await wampLogin(broker.url, serializer, await shortLived());
    expect(login.outcome.ok).toBe(true);
    expect(await login.closed).toBe('junction.close.token_expired');
  });

  it('[JSON-RPC login {token}] gets an rpc.goodbye notification, then close 1008 "token expired"', async () => {
    const login = await jsonrpcLogin(broker.url, await shortLived());
    expect(login.ok).toBe(true);
    const seen = goodbyes(login.peer.ws);
    expect(await closed(login.peer.ws)).toEqual({ code: 1008, reason: 'token expired' });
    expect(seen).toEqual([{ reason: 'junction.close.token_expired', message: 'token expired' }]);
  });

  it('[upgrade ?token=] ends the same way as a login with that token', async () => {
    // The `jsonrpc` token starts the session at once (without one it waits for a first message).
    const ws = await openClient(`${broker.url}/?token=${await shortLived()}`, 'jsonrpc');
    const seen = goodbyes(ws);
    const started = Date.now();
    expect(await closed(ws)).toEqual({ code: 1008, reason: 'token expired' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(seen).toEqual([{ reason: 'junction.close.token_expired', message: 'token expired' }]);
  });
});

describe('a session whose JWT expires much later', () => {
  it('stays open when exp is beyond the range of a Node timer (2^31 ms, ~24.8 days)', async () => {
    const login = await jsonrpcLogin(broker.url, await signToken(hs256, { expiresIn: 60 * 86_400 }));
    expect(login.ok).toBe(true);
    await sleep(200); // a timer set past its range fires after 1 ms
    expect(login.peer.ws.readyState).toBe(login.peer.ws.OPEN);
    expect((await login.peer.request('publish', ['news.later', 1])).result).toBe(true);
    login.peer.close();
  });
});

describe('JSON-RPC token renewal', () => {
  /** Subscribes `peer` to `topic` and returns the pushes it gets there. */
  async function subscribed(peer: Awaited<ReturnType<typeof jsonRpcPeer>>, topic: string) {
    const answer = await peer.request('subscribe', [topic]);
    expect(answer.error).toBeUndefined();
    return () => peer.inbound.filter((message) => message.method === 'subscription');
  }

  it('keeps a session that presented a fresh token before exp, and its subscription still delivers', async () => {
    const login = await jsonrpcLogin(broker.url, await renewable());
    expect(login.ok).toBe(true);
    const pushes = await subscribed(login.peer, 'news.renewed');
    const renewal = await login.peer.request('login', { token: await longLived() });
    expect(renewal.result).toMatchObject({ authid: 'alice', authrole: 'editor' });
    await pastRenewable(); // past the first token's exp
    expect(login.peer.ws.readyState).toBe(login.peer.ws.OPEN);
    const publisher = await jsonrpcLogin(broker.url, await longLived('bob'));
    await publisher.peer.request('publish', ['news.renewed', 'still here']);
    await eventually(() =>
      expect(pushes().map((m) => (m.params as { result: unknown }).result)).toEqual(['still here']),
    );
    publisher.peer.close();
    login.peer.close();
  });

  it('renews a session that joined with the upgrade token', async () => {
    const peer = await jsonRpcPeer(`${broker.url}/?token=${await renewable()}`);
    const renewal = await peer.request('login', { token: await longLived() });
    expect(renewal.result).toMatchObject({ authid: 'alice' });
    await pastRenewable();
    expect(peer.ws.readyState).toBe(peer.ws.OPEN);
    peer.close();
  });

  it("refuses another identity's token (-32006) and the session still ends at its own exp", async () => {
    const login = await jsonrpcLogin(broker.url, await renewable());
    const attempt = await login.peer.request('login', { token: await longLived('bob') });
    expect(attempt.error).toMatchObject({ code: -32006 });
    expect(await closed(login.peer.ws)).toEqual({ code: 1008, reason: 'token expired' });
  });

  it('refuses a bad renewal token (-32004) without ending the session', async () => {
    const login = await jsonrpcLogin(broker.url, await longLived());
    const attempt = await login.peer.request('login', {
      token: await signToken(hs256, { iss: 'https://elsewhere.test' }),
    });
    expect(attempt.error).toMatchObject({ code: -32004, message: 'authentication failed: invalid token' });
    expect((await login.peer.request('publish', ['news.other', 1])).result).toBe(true);
    login.peer.close();
  });
});
