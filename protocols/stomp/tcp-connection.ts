/**
 * A Connection over a plain TCP socket, so the same STOMP session serves TCP clients (stomp.py,
 * Spring's broker relay). Frames are written as they are; closing ends the stream after pending
 * writes (so an ERROR or RECEIPT gets out first), then destroys it after a grace period.
 */
import type { Socket } from 'node:net';
import type { Connection, MessageData } from '../../src/plugin/index.js';

/** A peer that does not close its side after our FIN is cut off after this long. */
const CLOSE_GRACE_MS = 1000;

export class TcpConnection implements Connection {
  readonly protocol = null;
  readonly remoteAddress: string;
  readonly #socket: Socket;
  readonly #maxBufferedBytes: number;
  #closing = false;

  constructor(socket: Socket, maxBufferedBytes: number) {
    this.#socket = socket;
    this.#maxBufferedBytes = maxBufferedBytes;
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
  }

  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  get isOpen(): boolean {
    return !this.#closing && !this.#socket.destroyed && this.#socket.writable;
  }

  send(data: MessageData): boolean {
    if (!this.isOpen) return false;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    if (this.#socket.writableLength + size > this.#maxBufferedBytes) {
      // Same policy as WebSocket connections: a peer that stops reading is a slow consumer.
      this.#closing = true;
      this.#socket.destroy();
      return false;
    }
    this.#socket.write(data);
    return true;
  }

  close(_code?: number, _reason?: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}
