/** A raw STOMP-over-WebSocket test client: sends literal frames, reads parsed frames and the close. */
import WebSocket from 'ws';
import { type Frame, header } from '../../../protocols/stomp/frame.js';
import { FrameParser } from '../../../protocols/stomp/parser.js';

export interface RawClient {
  readonly socket: WebSocket;
  /** Sends text (a literal frame; use \0 for NUL) or bytes. */
  send(data: string | Uint8Array): void;
  /** The next frame received (waits up to `timeout` ms; the default leaves room for a loaded machine). */
  next(timeout?: number): Promise<Frame>;
  /** Frames received and not yet taken by next(). */
  readonly queued: Frame[];
  /** Whether each received WebSocket message was binary, in order. */
  readonly binaryFlags: boolean[];
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
  /** Waits for the RECEIPT with `id`, leaving other frames queued in order. */
  receipt(id: string, timeout?: number): Promise<Frame>;
  /**
   * Sends an empty transaction with a receipt and waits for the RECEIPT. The broker answers a connection's
   * frames in order and writes what an earlier frame caused (to this or any connection) before
   * it, so after the barrier `queued` holds everything that was ever going to arrive: the
   * event-based way to check that nothing (else) arrived, instead of sleeping for a while.
   */
  barrier(): Promise<void>;
  /** Sends CONNECT and waits for CONNECTED. */
  connect(headers?: Record<string, string>): Promise<Frame>;
  close(): void;
}

/**
 * How long next() and receipt() wait: well under the 20 s test timeout, so a missing frame fails
 * with its own message, and far above any delay a loaded 2-core machine adds (3 s was not).
 */
const FRAME_TIMEOUT = 10_000;
let barriers = 0;

export async function rawClient(
  url: string,
  protocols: string | string[] = 'v12.stomp',
  maxFrameSize = 1 << 24,
): Promise<RawClient> {
  const socket = new WebSocket(url, protocols);
  const parser = new FrameParser({ maxFrameSize, maxHeaders: 1000, maxHeaderLength: 1 << 20 });
  const queued: Frame[] = [];
  const binaryFlags: boolean[] = [];
  let waiter: (() => void) | undefined;
  socket.on('message', (data: Buffer, isBinary) => {
    binaryFlags.push(isBinary);
    parser.push(new Uint8Array(data));
    for (let event = parser.next(); event; event = parser.next()) if (event.frame) queued.push(event.frame);
    waiter?.();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const client: RawClient = {
    socket,
    queued,
    binaryFlags,
    closed,
    send: (data) => socket.send(data, { binary: typeof data !== 'string' }),
    async next(timeout = FRAME_TIMEOUT) {
      const deadline = Date.now() + timeout;
      while (queued.length === 0) {
        if (Date.now() > deadline) throw new Error('no frame received in time');
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
      return queued.shift() as Frame;
    },
    async receipt(id, timeout = FRAME_TIMEOUT) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const index = queued.findIndex((f) => f.command === 'RECEIPT' && header(f, 'receipt-id') === id);
        if (index !== -1) return queued.splice(index, 1)[0] as Frame;
        if (Date.now() > deadline) throw new Error(`no RECEIPT ${id} in time`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
    async barrier() {
      const id = `barrier-${++barriers}`;
      // An empty transaction: a receipt without any delivery, even to a /topic/# subscriber.
      client.send(frame('BEGIN', { transaction: id }));
      client.send(frame('ABORT', { transaction: id, receipt: id }));
      await client.receipt(id);
    },
    async connect(headers = { 'accept-version': '1.2' }) {
      const lines = Object.entries(headers)
        .map(([k, v]) => `${k}:${v}\n`)
        .join('');
      client.send(`CONNECT\n${lines}\n\0`);
      const frame = await client.next();
      if (frame.command !== 'CONNECTED')
        throw new Error(`expected CONNECTED, got ${frame.command}: ${header(frame, 'message')}`);
      // Read later frames with the negotiated version's escaping, as a real client would.
      parser.version = (header(frame, 'version') ?? '1.0') as '1.0' | '1.1' | '1.2';
      return frame;
    },
    close: () => socket.close(),
  };
  return client;
}

export function bodyText(frame: Frame): string {
  return new TextDecoder().decode(frame.body);
}

/** A literal frame: command, headers in order (no escaping applied), body, NUL. */
export function frame(command: string, headers: Record<string, string> | [string, string][] = {}, body = ''): string {
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  return `${command}\n${entries.map(([k, v]) => `${k}:${v}\n`).join('')}\n${body}\0`;
}

/** A raw client that has CONNECTed with `accept-version: <version>` and got CONNECTED. */
export async function connectedClient(url: string, version = '1.2'): Promise<RawClient> {
  const client = await rawClient(url);
  await client.connect({ 'accept-version': version });
  return client;
}

/** Resolves once `ms` passed. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
