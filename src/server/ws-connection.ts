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
}

export class WebSocketConnection implements Connection {
  readonly protocol: string | null;
  readonly remoteAddress: string;
  readonly #socket: WebSocket;
  readonly #options: ConnectionOptions;
  #closing = false;
  #corked = false;

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

  send(data: MessageData, options?: SendOptions): boolean {
    if (!this.isOpen) return false;
    if (!this.#corked && !this.#startTurn()) return false;
    this.#socket.send(data, { binary: options?.binary ?? typeof data !== 'string' });
    return true;
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
      this.#corked = true;
      process.nextTick(() => {
        this.#corked = false;
        raw.uncork();
      });
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
