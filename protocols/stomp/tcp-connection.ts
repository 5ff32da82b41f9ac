/**
 * A Connection over a plain TCP socket, so the same STOMP session serves TCP clients (stomp.py,
 * Spring's broker relay). Frames are written as they are; closing ends the stream after pending
 * writes (so an ERROR or RECEIPT gets out first), then destroys it after a grace period.
 *
 * TCP has no close frame to carry a code and reason, so a close for a reason the peer was not
 * already told in an ERROR (a refused connection, a login timeout, a slow consumer, an internal
 * error) is said with an ERROR frame: what a WebSocket client reads in the close frame, a TCP
 * client reads there.
 */
import type { Socket } from 'node:net';
import type { Connection, MessageData } from '../../src/plugin/index.js';
import { CloseCode } from './errors.js';
import { Command } from './frame.js';
import { serializeFrameBytes } from './serializer.js';

/** A peer that does not close its side after our FIN is cut off after this long. */
const CLOSE_GRACE_MS = 1000;
/** The outbound cap when neither the listener nor the broker set one (the broker's default). */
const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
/** The broker's JNC_ERR_SLOW_CONSUMER reason, as WebSocket clients see it in the close frame. */
const SLOW_CONSUMER = 'slow consumer';
const ERROR_PREFIX = `${Command.ERROR}\n`;

export class TcpConnection implements Connection {
  readonly protocol = null;
  readonly remoteAddress: string;
  readonly #socket: Socket;
  readonly #maxBufferedBytes: number | undefined;
  #brokerMaxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
  #onSlowConsumer: ((buffered: number) => void) | undefined;
  #closing = false;
  /** Whether the last frame written was an ERROR (the session's own goodbye). */
  #saidError = false;

  /** `maxBufferedBytes` overrides the broker's limit, which `limitOutbound` brings otherwise. */
  constructor(socket: Socket, maxBufferedBytes?: number) {
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

  /** The broker's outbound cap and slow-consumer reporter (SessionTransport.limitOutbound). */
  limitOutbound(maxBufferedBytes: number, onSlowConsumer: (buffered: number) => void): void {
    this.#brokerMaxBufferedBytes = maxBufferedBytes;
    this.#onSlowConsumer = onSlowConsumer;
  }

  send(data: MessageData): boolean {
    if (!this.isOpen) return false;
    // As over WebSocket: what is still queued is what the peer has not read. Above the cap it is
    // a slow consumer; below it any frame goes out, however large (limits are checked on input).
    const buffered = this.#socket.writableLength;
    if (buffered > (this.#maxBufferedBytes ?? this.#brokerMaxBufferedBytes)) {
      this.#onSlowConsumer?.(buffered);
      this.close(CloseCode.POLICY, SLOW_CONSUMER);
      return false;
    }
    this.#saidError = startsWith(data, ERROR_PREFIX);
    this.#socket.write(data);
    return true;
  }

  close(code: number = CloseCode.NORMAL, reason = ''): void {
    if (this.#closing) return;
    this.#closing = true;
    if (code !== CloseCode.NORMAL && !this.#saidError && this.#socket.writable) {
      this.#socket.write(goodbye(reason || `connection closed (${code})`));
    }
    this.#socket.end();
    // Read on (and ignore) what the peer still sends: closing with unread input would reset the
    // connection, and a peer that reads late would lose the ERROR frame with it.
    this.#socket.resume();
    setTimeout(() => this.#socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}

/** An ERROR frame readable by every STOMP version (no escaping, as in 1.0). */
function goodbye(reason: string): Uint8Array {
  const headers: [string, string][] = [
    ['message', reason],
    ['content-type', 'text/plain'],
  ];
  return serializeFrameBytes({ command: Command.ERROR, headers, body: Buffer.from(reason) }, '1.0');
}

/** Whether a frame starts with `prefix` (ASCII), for text and bytes alike. */
function startsWith(data: MessageData, prefix: string): boolean {
  if (typeof data === 'string') return data.startsWith(prefix);
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix.charCodeAt(i)) return false;
  return true;
}
