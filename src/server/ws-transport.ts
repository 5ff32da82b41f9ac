/** The broker's own transport: a ws WebSocket as a SessionTransport. */
import type { RawData, WebSocket } from 'ws';
import type { SessionTransport } from '../plugin/types.js';
import { type ConnectionOptions, WebSocketConnection } from './ws-connection.js';

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export function webSocketTransport(socket: WebSocket, options: ConnectionOptions): SessionTransport {
  const connection = new WebSocketConnection(socket, options);
  return {
    connection,
    onMessage(listener) {
      // Text frames arrive as strings, binary frames as bytes (the plugin API's MessageData).
      socket.on('message', (data: RawData, isBinary: boolean) =>
        listener(isBinary ? toBytes(data) : toBytes(data).toString('utf8')),
      );
    },
    onClose(listener) {
      socket.once('close', (code: number, reason: Buffer) => listener(code, reason.toString()));
    },
    terminate: () => connection.terminate(),
    // ws stops reading its socket; messages it already parsed still arrive (the core holds them).
    pause: () => socket.pause(),
    resume: () => socket.resume(),
  };
}
