/**
 * A lean RFC 6455 client on node:net for the load generators: client frames carry an all-zero
 * masking key (RFC 6455 §5.3 allows any key; zero leaves the payload bytes unchanged, so frames
 * can be pre-encoded), server frames are parsed in place from each TCP read and handed over as a
 * byte range (no string, no copy), and writes are corked per event-loop turn (one writev per
 * socket per turn). Everything the `ws` client does per message beyond that is generator cost.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** One received message: bytes buf[start, end). Valid only during the call. */
export type OnMessage = (buf: Buffer, start: number, end: number) => void;

export const TEXT = 1;
export const BINARY = 2;

/** Header length (with the 4-byte mask) of a client frame carrying `length` payload bytes. */
export function frameHeaderLength(length: number): number {
  return (length < 126 ? 2 : length < 65536 ? 4 : 10) + 4;
}

/** A client frame with room for `length` payload bytes at offset frameHeaderLength(length). */
export function allocFrame(length: number, opcode: number): Buffer {
  const head = frameHeaderLength(length);
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.writeUInt32BE(0, head - 4);
  return frame;
}

/** A complete client frame for a payload (control traffic and templates; the hot path copies templates). */
export function encodeFrame(payload: Buffer | string, opcode = TEXT): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const frame = allocFrame(bytes.length, opcode);
  bytes.copy(frame, frameHeaderLength(bytes.length));
  return frame;
}

const corked: net.Socket[] = [];
const uncorkAll = () => {
  for (const socket of corked) socket.uncork();
  corked.length = 0;
};

export class LeanSocket {
  readonly #socket: net.Socket;
  onMessage: OnMessage;

  constructor(socket: net.Socket, onMessage: OnMessage) {
    this.#socket = socket;
    this.onMessage = onMessage;
  }

  /** Writes a complete client frame (from allocFrame/encodeFrame); the buffer must not be reused. */
  write(frame: Buffer): void {
    const socket = this.#socket;
    if (!socket.writableCorked) {
      if (corked.length === 0) setImmediate(uncorkAll);
      corked.push(socket);
      socket.cork();
    }
    socket.write(frame);
  }

  /**
   * Writes a frame at once, uncorked: fan-out publishers send one frame per write, as the
   * reference generator's `ws` publisher does (corking them would hand the broker ready-made
   * batches of 256 messages per read, a cheaper workload than the reference's).
   */
  writeNow(frame: Buffer): void {
    this.#socket.write(frame);
  }

  send(payload: Buffer | string, opcode = TEXT): void {
    this.write(encodeFrame(payload, opcode));
  }

  /** Bytes queued in user space: the publisher waits for 'drain' above a high-water mark. */
  get buffered(): number {
    return this.#socket.writableLength;
  }

  drained(): Promise<void> {
    return new Promise((resolve) => this.#socket.once('drain', () => resolve()));
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** Opens a lean WebSocket; resolves once the server accepted the upgrade (and the subprotocol). */
export function connectLean(url: string, protocol: string | undefined, onMessage: OnMessage): Promise<LeanSocket> {
  const target = new URL(url);
  const socket = net.connect({ host: target.hostname, port: Number(target.port || 80) });
  socket.setNoDelay(true);
  const lean = new LeanSocket(socket, onMessage);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connect timeout ${url}`)), 60_000);
    let open = false;
    let pending: Buffer | undefined;
    socket.once('connect', () => {
      const offer = protocol === undefined ? '' : `Sec-WebSocket-Protocol: ${protocol}\r\n`;
      socket.write(
        `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          `Sec-WebSocket-Version: 13\r\n${offer}\r\n`,
      );
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      if (!open) reject(err);
    });
    socket.on('data', (chunk: Buffer) => {
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = undefined;
      let pos = 0;
      if (!open) {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) {
          pending = buf;
          return;
        }
        const head = buf.toString('latin1', 0, end);
        if (!/^HTTP\/1\.1 101/.test(head)) {
          clearTimeout(timer);
          socket.destroy();
          return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
        }
        open = true;
        clearTimeout(timer);
        resolve(lean);
        pos = end + 4;
      }
      pos = parseFrames(lean, buf, pos);
      if (pos < buf.length) pending = Buffer.from(buf.subarray(pos));
    });
  });
}

/** Hands every complete frame in buf[pos..] to the socket; returns where an incomplete one starts. */
function parseFrames(lean: LeanSocket, buf: Buffer, from: number): number {
  const length = buf.length;
  let pos = from;
  while (pos + 2 <= length) {
    const b0 = buf[pos] as number;
    let size = (buf[pos + 1] as number) & 0x7f;
    let head = 2;
    if (size === 126) {
      if (pos + 4 > length) break;
      size = buf.readUInt16BE(pos + 2);
      head = 4;
    } else if (size === 127) {
      if (pos + 10 > length) break;
      size = buf.readUInt32BE(pos + 2) * 2 ** 32 + buf.readUInt32BE(pos + 6);
      head = 10;
    }
    const start = pos + head;
    const end = start + size;
    if (end > length) break;
    const opcode = b0 & 0x0f;
    // The brokers under test send each message in one frame; a fragment would be miscounted, so fail loudly.
    if ((b0 & 0x80) === 0 || opcode === 0) throw new Error('fragmented WebSocket message: not supported');
    if (opcode === TEXT || opcode === BINARY) lean.onMessage(buf, start, end);
    else if (opcode === 9) lean.write(encodeFrame(buf.subarray(start, end), 0x0a));
    else if (opcode === 8) lean.close();
    pos = end;
  }
  return pos;
}
