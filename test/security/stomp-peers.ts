/**
 * One broker serving STOMP over WebSocket and over TCP (one plugin instance), and a raw frame client
 * with the same shape on both transports, so each security scenario runs over both.
 */
import { connect as netConnect } from 'node:net';
import { type Frame, header } from '../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../protocols/stomp/index.js';
import { FrameParser } from '../../protocols/stomp/parser.js';
import { wamp } from '../../protocols/wamp/index.js';
import type { JunctionOptions } from '../../src/server/options.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { frame, rawClient } from '../protocols/stomp/raw-client.js';

export type Transport = 'WebSocket' | 'TCP';
export const TRANSPORTS: readonly Transport[] = ['WebSocket', 'TCP'];

export interface StompBroker {
  readonly broker: StartedJunction;
  readonly tcp: StompTcpServer;
  close(): Promise<void>;
}

/** STOMP (WebSocket and TCP) and WAMP on one broker. */
export async function startStompBroker(options: Partial<JunctionOptions> = {}): Promise<StompBroker> {
  const plugin = stomp();
  const broker = await startJunction({ ...options, protocols: [plugin, wamp()] });
  const tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin });
  return {
    broker,
    tcp,
    close: async () => {
      await tcp.close();
      await broker.close();
    },
  };
}

/** A raw STOMP client: literal frames out, parsed frames in, on either transport. */
export interface StompPeer {
  /** Frames received and not yet taken. */
  readonly queued: Frame[];
  /** Resolves once the server closed the connection. */
  readonly closed: Promise<unknown>;
  send(data: string): void;
  next(): Promise<Frame>;
  receipt(id: string): Promise<Frame>;
  /** A RECEIPT round trip: everything the broker wrote to this peer before it is then in `queued`. */
  barrier(): Promise<void>;
  close(): void;
}

/** Comfortably above what a loaded 2-core machine adds, well under the test timeout. */
const FRAME_TIMEOUT = 10_000;
let barriers = 0;

/** Opens a raw peer and CONNECTs it (`headers` beyond accept-version); returns it with the CONNECTED or ERROR frame. */
export async function openPeer(
  target: StompBroker,
  transport: Transport,
  headers: Record<string, string> = {},
): Promise<{ peer: StompPeer; answer: Frame }> {
  const peer = transport === 'WebSocket' ? await wsPeer(target.broker.url) : await tcpPeer(target.tcp.port);
  peer.send(frame('CONNECT', { 'accept-version': '1.2', host: 'localhost', ...headers }));
  return { peer, answer: await peer.next() };
}

/** A CONNECTed peer; throws unless the answer was CONNECTED. */
export async function connectedPeer(
  target: StompBroker,
  transport: Transport,
  headers: Record<string, string> = {},
): Promise<{ peer: StompPeer; connected: Frame }> {
  const { peer, answer } = await openPeer(target, transport, headers);
  if (answer.command !== 'CONNECTED') throw new Error(`expected CONNECTED, got ${header(answer, 'message')}`);
  return { peer, connected: answer };
}

async function wsPeer(url: string): Promise<StompPeer> {
  const client = await rawClient(url);
  return {
    queued: client.queued,
    closed: client.closed,
    send: (data) => client.send(data),
    next: () => client.next(),
    receipt: (id) => client.receipt(id),
    barrier: () => client.barrier(),
    close: () => client.close(),
  };
}

async function tcpPeer(port: number): Promise<StompPeer> {
  const parser = new FrameParser({ maxFrameSize: 1 << 24, maxHeaders: 1000, maxHeaderLength: 1 << 20 });
  parser.version = '1.2';
  const queued: Frame[] = [];
  const socket = netConnect(port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('data', (data) => {
    parser.push(new Uint8Array(data));
    for (let event = parser.next(); event; event = parser.next()) if (event.frame) queued.push(event.frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const take = async (index: () => number, what: string): Promise<Frame> => {
    const deadline = Date.now() + FRAME_TIMEOUT;
    for (;;) {
      const i = index();
      if (i !== -1) return queued.splice(i, 1)[0] as Frame;
      if (Date.now() > deadline) throw new Error(`no ${what} in time`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const peer: StompPeer = {
    queued,
    closed,
    send: (data) => socket.write(data),
    next: () => take(() => (queued.length > 0 ? 0 : -1), 'frame'),
    receipt: (id) =>
      take(() => queued.findIndex((f) => f.command === 'RECEIPT' && header(f, 'receipt-id') === id), `RECEIPT ${id}`),
    async barrier() {
      const id = `barrier-${++barriers}`;
      peer.send(frame('BEGIN', { transaction: id }) + frame('ABORT', { transaction: id, receipt: id }));
      await peer.receipt(id);
    },
    close: () => socket.end(),
  };
  return peer;
}

/** Expects the next frame to be STOMP's refusal of `action` on `uri`, then the close (STOMP 1.2 ERROR). */
export async function expectAccessDenied(peer: StompPeer, action: string, uri: string): Promise<Frame> {
  const error = await peer.next();
  const seen = [error.command, header(error, 'message'), header(error, 'action'), header(error, 'uri')];
  if (JSON.stringify(seen) !== JSON.stringify(['ERROR', 'access denied', action, uri])) {
    throw new Error(`expected ERROR access denied (${action} ${uri}), got ${JSON.stringify(seen)}`);
  }
  await peer.closed;
  return error;
}
