import { Client, type IMessage, Stomp } from '@stomp/stompjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, messages, openClient } from '../helpers/ws-client.js';
import { nextItem } from '../protocols/stomp/stompjs-client.js';

let server: StartedJunction;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp(), wamp(), jsonrpc()] });
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(async () => {
  await server.close();
});

/** A stompjs Client whose socket offers no subprotocol, connected. */
function tokenlessClient(): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(server.url),
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      onStompError: (frame) => reject(new Error(frame.headers.message)),
      onWebSocketClose: () => reject(new Error('closed before CONNECTED')),
    });
    client.onConnect = () => resolve(client);
    cleanups.push(() => client.deactivate());
    client.activate();
  });
}

describe('[first-message detection] connections that offer no subprotocol', () => {
  it('[stompjs] a Client with a webSocketFactory offering no protocol speaks STOMP', async () => {
    const client = await tokenlessClient();
    expect(client.connectedVersion).toBe('1.2');
    const received: IMessage[] = [];
    const receipt = 'sub-1';
    const subscribed = new Promise<void>((resolve) => client.watchForReceipt(receipt, () => resolve()));
    client.subscribe('/topic/detected', (message) => received.push(message), { receipt });
    await subscribed;
    client.publish({ destination: '/topic/detected', body: 'no token needed' });
    expect((await nextItem(received)).body).toBe('no token needed');
  });

  it('[stompjs] Stomp.over(() => new WebSocket(url)) connects without a subprotocol', async () => {
    const client = Stomp.over(() => new WebSocket(server.url));
    client.heartbeatIncoming = 0;
    client.heartbeatOutgoing = 0;
    client.debug = () => {};
    cleanups.push(() => client.deactivate());
    const version = await new Promise<string | undefined>((resolve, reject) => {
      client.connect(
        {},
        () => resolve(client.connectedVersion),
        (frame: unknown) => reject(new Error(String(frame))),
      );
    });
    expect(version).toBe('1.2');
    const socket = client.webSocket as unknown as WebSocket;
    expect(socket.protocol).toBe('');
  });

  it('[WAMP HELLO] a raw JSON HELLO without a token gets WELCOME', async () => {
    const ws = await openClient(server.url);
    cleanups.push(() => ws.close());
    const inbox = messages(ws);
    ws.send(JSON.stringify([1, 'realm1', { roles: { subscriber: {} } }]));
    const welcome = JSON.parse(await inbox.next()) as unknown[];
    expect(welcome[0]).toBe(2);
    expect(welcome[1]).toBe(server.junction.router.realm('realm1')?.sessions().at(-1)?.id);
    expect(ws.protocol).toBe('');
  });

  it('[JSON-RPC 2.0] a client without a token still gets its first request answered', async () => {
    const ws = await openClient(server.url);
    cleanups.push(() => ws.close());
    const inbox = messages(ws);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['chat.detected'] }));
    const reply = JSON.parse(await inbox.next()) as { id: number; result: unknown };
    expect(reply.id).toBe(1);
    expect(typeof reply.result).toBe('number');
    // Messages right behind the first one keep their order.
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'publish', params: ['chat.detected', 'hi'] }));
    const next = [JSON.parse(await inbox.next()), JSON.parse(await inbox.next())] as { method?: string; id?: number }[];
    expect(next.some((m) => m.method === 'subscription')).toBe(true);
    expect(next.some((m) => m.id === 2)).toBe(true);
  });

  it('[JSON-RPC 2.0 §5.1] a garbage first message goes to JSON-RPC: -32700 Parse error', async () => {
    const ws = await openClient(server.url);
    cleanups.push(() => ws.close());
    const inbox = messages(ws);
    ws.send('CONNECTED but not really {');
    const reply = JSON.parse(await inbox.next()) as { id: null; error: { code: number } };
    expect(reply).toMatchObject({ id: null, error: { code: -32700 } });
  });
});

describe('[first-message detection] the handshake timeout', () => {
  it('hands a token-less client that says nothing to the JSON-RPC fallback, which it was before detection', async () => {
    const quick = await startJunction({ protocols: [stomp(), wamp(), jsonrpc()], limits: { handshakeTimeout: 200 } });
    cleanups.push(() => quick.close());
    const ws = await openClient(quick.url);
    const inbox = messages(ws);
    // Past the timeout the connection is a JSON-RPC session, anonymous as before, and still open.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['late.listener'] }));
    expect(JSON.parse(String(await inbox.next()))).toMatchObject({ jsonrpc: '2.0', id: 1 });
    expect(quick.junction.stats.login_timeout).toBe(0);
  });

  it('closes it with 1008 login timeout when the fallback cannot join it either (no anonymous access)', async () => {
    const quick = await startJunction({
      protocols: [stomp(), wamp(), jsonrpc()],
      limits: { handshakeTimeout: 200 },
      auth: { allowAnonymous: false },
    });
    cleanups.push(() => quick.close());
    const ws = await openClient(quick.url);
    expect(await closed(ws)).toEqual({ code: 1008, reason: 'login timeout' });
    expect(quick.junction.stats.login_timeout).toBe(1);
  });

  it('closes a detected STOMP session that never logs in with 1008 login timeout', async () => {
    const quick = await startJunction({ protocols: [stomp(), wamp(), jsonrpc()], limits: { handshakeTimeout: 300 } });
    cleanups.push(() => quick.close());
    const ws = await openClient(quick.url);
    // An incomplete CONNECT frame: detected as STOMP, never logs in.
    ws.send('CONNECT\naccept-version:1.2\n');
    expect(await closed(ws)).toMatchObject({ code: 1008 });
    expect(quick.junction.stats.login_timeout).toBe(1);
  });
});
