/**
 * The Connection a plugin sees: send, close, buffered bytes, remote address. It wraps a ws
 * WebSocket without exposing it, batches the frames written in one event-loop turn into one
 * socket write, and enforces the outbound buffer cap: a peer that stops reading is closed with
 * 1008 "slow consumer" instead of growing the broker's memory.
 */
import type { WebSocket } from 'ws';
import { JunctionError } from '../errors/table.js';
import type { Connection, MessageData, SendOptions } from '../plugin/types.js';

/** After a close frame, a peer that does not complete the closing handshake is cut off. */
const CLOSE_GRACE_MS = 1000;

export interface ConnectionOptions {
  readonly protocol: string | null;
  readonly remoteAddress: string;
  /** Outbound bytes allowed to queue before the peer counts as a slow consumer. */
  readonly maxBufferedBytes: number;
  /** Called once when the connection is closed for being slow. */
  readonly onSlowConsumer?: () => void;
}

/** The part of ws's underlying net.Socket used for write batching. */
interface Corkable {
  cork(): void;
  uncork(): void;
  write(chunk: Uint8Array | string): boolean;
}

/** ws's Sender state when it is not busy with a message of its own (compression or a Blob): ws/lib/sender.js DEFAULT. */
const SENDER_IDLE = 0;

/** Unmasked server frame headers (RFC 6455 §5.2, FIN set) by payload length and opcode, shared: they are never written to. */
const frameHeaders = new Map<number, Buffer>();
const MAX_CACHED_HEADERS = 4096;

function frameHeader(length: number, binary: boolean): Buffer {
  const key = length * 2 + (binary ? 1 : 0);
  let header = frameHeaders.get(key);
  if (header !== undefined) return header;
  const first = binary ? 0x82 : 0x81;
  if (length < 126) header = Buffer.from([first, length]);
  else if (length < 65536) header = Buffer.from([first, 126, length >> 8, length & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 127;
    header.writeUIntBE(length, 4, 6);
  }
  if (frameHeaders.size >= MAX_CACHED_HEADERS) frameHeaders.clear();
  frameHeaders.set(key, header);
  return header;
}

/**
 * Connections corked in this event-loop turn. They are uncorked together in one `setImmediate`,
 * which runs once the poll phase has handled all the I/O that arrived: the frames produced by
 * every read of the turn (ten callers' CALLs becoming ten INVOCATIONs to one callee) leave in one
 * write per socket, still before the loop waits for I/O again. `process.nextTick` would flush after
 * each read instead: a syscall per message under RPC load.
 */
const corkedThisTurn: WebSocketConnection[] = [];

function flushTurn(): void {
  // A connection is added at most once per turn; uncork never sends through another connection.
  for (let i = 0; i < corkedThisTurn.length; i++) corkedThisTurn[i]?.uncork();
  corkedThisTurn.length = 0;
}

const TEXT: { readonly binary: boolean } = { binary: false };
const BINARY: { readonly binary: boolean } = { binary: true };

export class WebSocketConnection implements Connection {
  readonly protocol: string | null;
  readonly remoteAddress: string;
  readonly #socket: WebSocket;
  readonly #options: ConnectionOptions;
  #closing = false;
  /** The raw socket while it is corked for this turn. */
  #corked: Corkable | undefined;

  constructor(socket: WebSocket, options: ConnectionOptions) {
    this.#socket = socket;
    this.#options = options;
    this.protocol = options.protocol;
    this.remoteAddress = options.remoteAddress;
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  get isOpen(): boolean {
    return !this.#closing && this.#socket.readyState === this.#socket.OPEN;
  }

  /**
   * One message, written straight to the corked socket after its frame header (a shared one, see
   * frameHeader) when it can be: what ws's Sender would write, without its per-frame header
   * buffer, option objects and list (issue 13: a fan-out writes one event to many sockets).
   */
  send(data: MessageData, options?: SendOptions): boolean {
    if (!this.isOpen) return false;
    if (this.#corked === undefined && !this.#startTurn()) return false;
    const binary = options?.binary ?? typeof data !== 'string';
    const raw = this.#rawWhenIdle();
    if (raw === undefined) {
      this.#socket.send(data, binary ? BINARY : TEXT);
      return true;
    }
    // The header counts UTF-8 bytes, not UTF-16 units (RFC 6455 §5.2 payload length).
    raw.write(frameHeader(typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength, binary));
    raw.write(data);
    return true;
  }

  /**
   * One message from its parts, written straight to the corked socket after its frame header: ws's
   * Sender would need them in one Buffer.
   */
  sendParts(parts: readonly Uint8Array[], options?: SendOptions): boolean {
    if (!this.isOpen) return false;
    if (this.#corked === undefined && !this.#startTurn()) return false;
    const raw = this.#rawWhenIdle();
    if (raw === undefined) {
      this.#socket.send(Buffer.concat(parts as Uint8Array[]), options?.binary === true ? BINARY : TEXT);
      return true;
    }
    let length = 0;
    for (const part of parts) length += part.byteLength;
    raw.write(frameHeader(length, options?.binary === true));
    for (const part of parts) raw.write(part);
    return true;
  }

  /**
   * The corked socket, if frames may be written to it directly: only while ws has no message of
   * its own in progress (no compression here; a Blob send would set its state), so frames keep
   * their order.
   */
  #rawWhenIdle(): Corkable | undefined {
    const sender = (this.#socket as unknown as { _sender?: { _state?: number } })._sender;
    return sender?._state === SENDER_IDLE ? this.#corked : undefined;
  }

  /** The turn is over: this turn's frames leave in one write. */
  uncork(): void {
    const raw = this.#corked;
    this.#corked = undefined;
    raw?.uncork();
  }

  /**
   * First send of an event-loop turn. What is still queued from earlier turns is what the peer
   * has not read: above the cap it is a slow consumer. Otherwise the socket is corked until the
   * turn ends, so a fan-out's frames to this peer leave in one write (one syscall, not one each).
   */
  #startTurn(): boolean {
    if (this.#socket.bufferedAmount > this.#options.maxBufferedBytes) {
      this.#options.onSlowConsumer?.();
      const error = new JunctionError('JNC_ERR_SLOW_CONSUMER');
      this.close(error.closeCode, error.message);
      return false;
    }
    // ws keeps its net.Socket in `_socket`; it offers no other way to batch writes across frames.
    const raw = (this.#socket as unknown as { _socket?: Corkable })._socket;
    if (raw) {
      raw.cork();
      this.#corked = raw;
      if (corkedThisTurn.length === 0) setImmediate(flushTurn);
      corkedThisTurn.push(this);
    }
    return true;
  }

  close(code = 1000, reason = ''): void {
    if (this.#closing) return;
    this.#closing = true;
    const socket = this.#socket;
    if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) {
      socket.close(code, truncateReason(reason));
      // A slow or dead peer may never read our close frame; do not wait ws's 30 s for it.
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    }
  }

  /** Drops the TCP connection without a closing handshake. */
  terminate(): void {
    this.#closing = true;
    this.#socket.terminate();
  }
}

/** Close reasons are limited to 123 bytes of UTF-8 (RFC 6455 §5.5). */
export function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason);
  if (bytes.byteLength <= 123) return reason;
  return bytes
    .subarray(0, 120)
    .toString()
    .replace(/\uFFFD$/, '');
}
