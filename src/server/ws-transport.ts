/** The broker's own transport: a ws WebSocket as a SessionTransport. */
import type { RawData, WebSocket } from 'ws';
import type { MessageData, SessionTransport } from '../plugin/types.js';
import { type ConnectionOptions, WebSocketConnection } from './ws-connection.js';

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A class, not an object of closures: its methods are shared by every connection (issue 13: idle memory). */
class WebSocketTransport implements SessionTransport {
  readonly connection: WebSocketConnection;
  readonly #socket: WebSocket;
  /** Called in order when the socket closes: one socket listener for all of them. */
  #closeListeners: ((code: number, reason: string) => void)[] | undefined;

  constructor(socket: WebSocket, options: ConnectionOptions) {
    this.#socket = socket;
    this.connection = new WebSocketConnection(socket, options);
  }

  onMessage(listener: (data: MessageData) => void): void {
    // Text frames arrive as strings, binary frames as bytes (the plugin API's MessageData).
    this.#socket.on('message', (data: RawData, isBinary: boolean) =>
      listener(isBinary ? toBytes(data) : toBytes(data).toString('utf8')),
    );
  }

  onClose(listener: (code: number, reason: string) => void): void {
    if (this.#closeListeners === undefined) {
      const listeners: ((code: number, reason: string) => void)[] = [];
      this.#closeListeners = listeners;
      // ws emits 'close' once per socket: `on` spares the wrapper `once` would make.
      this.#socket.on('close', (code: number, reason: Buffer) => {
        const text = reason.toString();
        for (const closed of listeners) closed(code, text);
      });
    }
    this.#closeListeners.push(listener);
  }

  terminate(): void {
    this.connection.terminate();
  }

  // ws stops reading its socket; messages it already parsed still arrive (the core holds them).
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }
}

export function webSocketTransport(socket: WebSocket, options: ConnectionOptions): SessionTransport {
  return new WebSocketTransport(socket, options);
}
