/** A raw STOMP-over-TCP test client: writes literal bytes, parses every frame that comes back. */
import { connect, type Socket } from 'node:net';
import type { Frame } from '../../../protocols/stomp/frame.js';
import { FrameParser } from '../../../protocols/stomp/parser.js';

export interface TcpClient {
  readonly socket: Socket;
  /** Every frame received so far, in order. */
  readonly frames: Frame[];
  /** Resolves with all frames once the server closed the connection. */
  readonly closed: Promise<Frame[]>;
}

export function tcpClient(port: number, maxFrameSize = 1 << 24): Promise<TcpClient> {
  return new Promise((resolve, reject) => {
    const parser = new FrameParser({ maxFrameSize, maxHeaders: 100, maxHeaderLength: 8192 });
    const frames: Frame[] = [];
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<Frame[]>((done) => socket.on('close', () => done(frames)));
    socket.on('data', (data) => {
      parser.push(new Uint8Array(data));
      for (let event = parser.next(); event; event = parser.next()) if (event.frame) frames.push(event.frame);
    });
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, frames, closed }));
  });
}

/** Resolves once `condition` holds, polling every 10 ms; rejects after `timeout` ms. */
export async function eventually(condition: () => boolean, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
