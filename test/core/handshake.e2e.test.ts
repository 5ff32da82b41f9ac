import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { defineProtocol } from '../../src/index.js';
import { probeProtocol } from '../helpers/probe-protocol.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { getJson, messages, openClient, refusedUpgrade, stalledClient } from '../helpers/ws-client.js';

let broker: StartedJunction | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

const builtIns = () => [stomp(), wamp(), jsonrpc()];

/** Answers any message with its session's handshake headers. */
const headersEcho = defineProtocol({
  name: 'headers-echo',
  tokens: ['headers.v1'],
  createSession(connection, context) {
    return {
      onMessage() {
        connection.send(JSON.stringify(context.handshake.headers));
      },
    };
  },
});

describe('handshake', () => {
  it('answers 101 without Sec-WebSocket-Protocol for a client that offers none (fallback)', async () => {
    broker = await startJunction({ protocols: builtIns() });
    const response = await refusedUpgrade(broker.url, {});
    expect(response.status).toBe(101);
    expect(response.headers['sec-websocket-protocol']).toBeUndefined();
  });

  it('echoes the negotiated token', async () => {
    broker = await startJunction({ protocols: builtIns() });
    const ws = await openClient(broker.url, ['v10.stomp', 'v12.stomp']);
    expect(ws.protocol).toBe('v12.stomp');
    ws.close();
  });

  it('answers 400 naming the supported tokens when only unknown tokens are offered', async () => {
    broker = await startJunction({ protocols: builtIns() });
    const response = await refusedUpgrade(broker.url, { 'sec-websocket-protocol': 'foo.v1' });
    expect(response.status).toBe(400);
    for (const token of ['v12.stomp', 'v11.stomp', 'v10.stomp', 'wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor']) {
      expect(response.body).toContain(token);
    }
    expect(response.body).toContain('jsonrpc');
  });

  it('answers 400 to a duplicated token', async () => {
    broker = await startJunction({ protocols: builtIns() });
    const response = await refusedUpgrade(broker.url, { 'sec-websocket-protocol': 'v12.stomp, v12.stomp' });
    expect(response.status).toBe(400);
    expect(response.body).toContain('duplicated');
  });

  it('accepts upgrades on every path', async () => {
    broker = await startJunction({ protocols: builtIns() });
    const ws = await openClient(`${broker.url}/any/path/ws?x=1`, 'wamp.2.json');
    expect(ws.protocol).toBe('wamp.2.json');
    ws.close();
  });

  it('answers 403 to a browser origin outside allowedOrigins, and accepts an allowed one', async () => {
    broker = await startJunction({ protocols: builtIns(), allowedOrigins: ['https://app.example'] });
    const refused = await refusedUpgrade(broker.url, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    const allowed = await refusedUpgrade(broker.url, { origin: 'https://app.example' });
    expect(allowed.status).toBe(101);
  });

  describe('a firm handshake by default (no allowedOrigins)', () => {
    const offers = [
      ['STOMP', 'v12.stomp'],
      ['WAMP', 'wamp.2.json'],
      ['JSON-RPC', undefined],
    ] as const;

    it.each(offers)('refuses a page on another site, or an opaque "null" origin, on %s with 403', async (_, token) => {
      broker = await startJunction({ protocols: builtIns() });
      const protocol: Record<string, string> = token === undefined ? {} : { 'sec-websocket-protocol': token };
      for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:1']) {
        const refused = await refusedUpgrade(broker.url, { origin, ...protocol });
        expect(refused.status, origin).toBe(403);
        expect(refused.body).toContain(`Origin ${origin} is not allowed`);
      }
    });

    it.each(offers)('accepts its own origin, and clients that send no Origin, on %s', async (_, token) => {
      broker = await startJunction({ protocols: builtIns() });
      const own = new URL(broker.url.replace(/^ws/, 'http')).origin;
      const protocol: Record<string, string> = token === undefined ? {} : { 'sec-websocket-protocol': token };
      expect((await refusedUpgrade(broker.url, { origin: own, ...protocol })).status).toBe(101);
      const ws = await openClient(broker.url, token);
      expect(ws.readyState).toBe(ws.OPEN);
      ws.close();
    });

    it('accepts every origin with allowedOrigins ["*"]', async () => {
      broker = await startJunction({ protocols: builtIns(), allowedOrigins: ['*'] });
      expect((await refusedUpgrade(broker.url, { origin: 'https://evil.example' })).status).toBe(101);
    });
  });

  it('answers 503 beyond maxConnections while existing clients stay connected', async () => {
    broker = await startJunction({ protocols: [probeProtocol()], limits: { maxConnections: 1 } });
    const first = await openClient(broker.url, 'probe.v1');
    const second = await refusedUpgrade(broker.url, { 'sec-websocket-protocol': 'probe.v1' });
    expect(second.status).toBe(503);
    expect(first.readyState).toBe(first.OPEN);
    first.close();
  });

  it('authenticates Authorization: Bearer and ?token= at the handshake, 401 for a bad token', async () => {
    const token = 'a-long-random-bearer-token-for-tests';
    broker = await startJunction({
      protocols: [probeProtocol()],
      auth: { tokens: [{ token, authid: 'alice', authrole: 'admin' }] },
    });
    const byHeader = await openClient(broker.url, 'probe.v1', {
      headers: { authorization: `Bearer ${token}` },
    });
    const inbox = messages(byHeader);
    byHeader.send(JSON.stringify({ op: 'whoami' }));
    expect(JSON.parse(await inbox.next())).toMatchObject({
      authid: 'alice',
      authrole: 'admin',
      protocol: 'probe',
    });
    byHeader.close();

    const byQuery = await openClient(`${broker.url}/?token=${token}`, 'probe.v1');
    byQuery.close();
    const bad = await refusedUpgrade(`${broker.url}/?token=wrong`, { 'sec-websocket-protocol': 'probe.v1' });
    expect(bad.status).toBe(401);
  });
});

describe('health endpoints', () => {
  it('reports /healthz 200 and /readyz 200 while serving, 503 while draining', async () => {
    broker = await startJunction({ protocols: [probeProtocol()], limits: { shutdownGrace: 300 } });
    expect(await getJson(`${broker.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await getJson(`${broker.url}/readyz`)).status).toBe(200);
    // A client that never answers the close frame keeps the drain going for the grace period.
    const stalled = await stalledClient(broker.url, 'probe.v1');
    const draining = broker.close();
    expect(await getJson(`${broker.url}/readyz`)).toEqual({
      status: 503,
      body: { status: 'unavailable', reason: 'draining' },
    });
    await draining;
    stalled.destroy();
    broker = undefined;
  });
});

describe('handshake info', () => {
  it('keeps the request headers for the session, without those that only carried the WebSocket handshake', async () => {
    broker = await startJunction({ protocols: [headersEcho] });
    const ws = await openClient(broker.url, 'headers.v1', { headers: { 'x-tenant': 'acme', cookie: 'a=1' } });
    const inbox = messages(ws);
    ws.send('headers?');
    const headers = JSON.parse(await inbox.next()) as Record<string, string>;
    expect(headers).toMatchObject({ 'x-tenant': 'acme', cookie: 'a=1', 'sec-websocket-protocol': 'headers.v1' });
    expect(headers.host).toMatch(/127\.0\.0\.1|localhost/);
    for (const spent of [
      'connection',
      'upgrade',
      'sec-websocket-key',
      'sec-websocket-version',
      'sec-websocket-extensions',
    ]) {
      expect(headers).not.toHaveProperty(spent);
    }
    ws.close();
  });
});
