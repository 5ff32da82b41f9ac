/**
 * Connection caps over real sockets (issue 12, point 3): `maxConnectionsPerAddress` for
 * WebSocket upgrades and STOMP over TCP alike, and HTTP requests still sending their headers,
 * which count toward `maxConnections` while pending and are closed at `handshakeTimeout`.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Frame, header } from '../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../protocols/stomp/index.js';
import type { Limits } from '../../src/server/options.js';
import { eventually } from '../helpers/eventually.js';
import { probeProtocol } from '../helpers/probe-protocol.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { openClient, refusedUpgrade } from '../helpers/ws-client.js';
import { frame } from '../protocols/stomp/raw-client.js';
import { tcpClient } from '../protocols/stomp/tcp-client.js';

let broker: StartedJunction | undefined;
let tcp: StompTcpServer | undefined;
afterEach(async () => {
  await tcp?.close();
  await broker?.close();
  tcp = undefined;
  broker = undefined;
});

async function start(limits: Partial<Limits>): Promise<StartedJunction> {
  const plugin = stomp();
  broker = await startJunction({ protocols: [probeProtocol(), plugin], limits });
  tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin });
  return broker;
}

interface RawRequest {
  readonly socket: Socket;
  /** Resolves once the broker closed the socket: what it wrote, and after how many ms. */
  readonly closed: Promise<{ readonly text: string; readonly afterMs: number }>;
}

/** A raw TCP socket to the broker's HTTP port that sends `first` (possibly nothing) and waits. */
function rawRequest(port: number, first = ''): Promise<RawRequest> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', () => {});
    const done = new Promise<{ text: string; afterMs: number }>((settle) =>
      socket.once('close', () => settle({ text, afterMs: Date.now() - started })),
    );
    socket.once('error', reject);
    socket.once('connect', () => {
      if (first) socket.write(first);
      resolve({ socket, closed: done });
    });
  });
}

const UPGRADE_START =
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n';
const CONNECT = frame('CONNECT', { 'accept-version': '1.2' });
const messages = (frames: readonly Frame[]) => frames.map((f) => `${f.command} ${header(f, 'message') ?? ''}`.trim());

describe('maxConnectionsPerAddress', () => {
  it('refuses a WebSocket upgrade over the cap with 503 and accepts again once a connection closes', async () => {
    await start({ maxConnectionsPerAddress: 2, uncappedAddresses: [] });
    const first = await openClient(broker!.url, 'probe.v1');
    const second = await openClient(broker!.url, 'probe.v1');
    const refused = await refusedUpgrade(broker!.url, { 'sec-websocket-protocol': 'probe.v1' });
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('too many connections from this address');
    first.close();
    await eventually(() => broker!.junction.sessionCount === 1);
    const third = await openClient(broker!.url, 'probe.v1');
    expect(third.readyState).toBe(third.OPEN);
    second.close();
    third.close();
  });

  it('does not cap loopback by default: a reverse proxy on the same host carries every client', async () => {
    await start({ maxConnectionsPerAddress: 2 });
    const clients = await Promise.all([1, 2, 3, 4].map(() => openClient(broker!.url, 'probe.v1')));
    expect(clients.map((client) => client.readyState)).toEqual([1, 1, 1, 1]);
    for (const client of clients) client.close();
  });

  it('gives a STOMP TCP connection over the cap an ERROR, then the close; WebSockets count toward it too', async () => {
    await start({ maxConnectionsPerAddress: 2, uncappedAddresses: [] });
    const ws = await openClient(broker!.url, 'probe.v1');
    const client = await tcpClient(tcp!.port);
    client.socket.write(CONNECT);
    await eventually(() => client.frames.length > 0);
    const refused = await tcpClient(tcp!.port);
    refused.socket.write(CONNECT);
    expect(messages(await refused.closed)).toEqual(['ERROR too many connections from this address']);
    expect(messages(client.frames)).toEqual(['CONNECTED']);
    client.socket.destroy();
    ws.close();
  });
});

describe('pending HTTP requests', () => {
  it('closes silent and trickling upgrade requests at handshakeTimeout', async () => {
    await start({ handshakeTimeout: 1000 });
    const silent = await rawRequest(broker!.port);
    const trickling = await rawRequest(broker!.port, UPGRADE_START);
    // One more header line every 200 ms: never a complete request, never idle for long.
    let line = 0;
    const drip = setInterval(() => trickling.socket.write(`X-Drip-${line++}: ${'x'.repeat(10)}\r\n`), 200);
    try {
      for (const request of [silent, trickling]) {
        const { text, afterMs } = await request.closed;
        expect(text).toMatch(/^HTTP\/1\.1 408/);
        // At the timeout, not Node's own 30 s check: well before it, never before the timeout.
        expect(afterMs).toBeGreaterThanOrEqual(900);
        expect(afterMs).toBeLessThan(10_000);
      }
    } finally {
      clearInterval(drip);
    }
  });

  it('counts pending requests toward maxConnections until they are closed', async () => {
    await start({ maxConnections: 3, handshakeTimeout: 1000 });
    const session = await openClient(broker!.url, 'probe.v1');
    const pending = [await rawRequest(broker!.port), await rawRequest(broker!.port, UPGRADE_START)];
    // One session and two pending requests fill the three places: a new connection is refused.
    const refused = await refusedUpgrade(broker!.url, { 'sec-websocket-protocol': 'probe.v1' });
    expect(refused.status).toBe(503);
    expect(refused.body).toContain('too many connections');
    const refusedTcp = await tcpClient(tcp!.port);
    expect(messages(await refusedTcp.closed)).toEqual(['ERROR too many connections']);
    for (const request of pending) await request.closed;
    const accepted = await openClient(broker!.url, 'probe.v1');
    expect(accepted.readyState).toBe(accepted.OPEN);
    accepted.close();
    session.close();
  });
});
