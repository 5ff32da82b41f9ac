/**
 * Drives one fuzz session over a real socket: send everything, close from the client side, and
 * report how the broker closed. A WebSocket close is answered after every earlier message was
 * handled, so the code seen is the broker's verdict on the whole input (1011: it crashed).
 */
import { connect } from 'node:net';
import WebSocket from 'ws';

export interface WsMessage {
  readonly data: Uint8Array | string;
  readonly binary: boolean;
}

/** The broker must answer a close within this long, loaded machine included. */
const CLOSE_TIMEOUT_MS = 15_000;

function timeout(what: string): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} within ${CLOSE_TIMEOUT_MS} ms`)), CLOSE_TIMEOUT_MS);
    timer.unref();
  });
}

/**
 * Opens a WebSocket (offering `token`, or none), sends `messages`, closes; resolves with the
 * close code. With a `handshake` message, that goes first and the rest waits for the broker's
 * first answer, as a WAMP client waits for WELCOME (messages before it are a protocol error).
 */
export async function wsSession(
  url: string,
  token: string | undefined,
  messages: readonly WsMessage[],
  handshake?: WsMessage,
): Promise<number> {
  const socket = new WebSocket(url, token === undefined ? [] : [token]);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const answered = new Promise<void>((resolve) => {
    socket.once('message', () => resolve());
    socket.once('close', () => resolve());
  });
  socket.on('error', () => {});
  const opened = new Promise<boolean>((resolve) => {
    socket.once('open', () => resolve(true));
    socket.once('close', () => resolve(false));
  });
  if (!(await Promise.race([opened, timeout('the WebSocket did not open')]))) {
    throw new Error(`the broker refused the WebSocket (close ${await closed})`);
  }
  if (handshake !== undefined) {
    socket.send(handshake.data, { binary: handshake.binary });
    await Promise.race([answered, timeout('the broker did not answer the handshake')]);
  }
  for (const message of messages) {
    if (socket.readyState !== WebSocket.OPEN) break;
    socket.send(message.data, { binary: message.binary });
  }
  if (socket.readyState === WebSocket.OPEN) socket.close(1000);
  return Promise.race([closed, timeout('the broker did not close the WebSocket')]);
}

/** Connects over TCP, writes `chunks` one event-loop turn apart, ends; resolves once closed. */
export async function tcpSession(port: number, chunks: readonly Uint8Array[]): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.on('data', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await Promise.race([
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('close', () => reject(new Error('the broker refused the TCP connection')));
    }),
    timeout('the TCP connection did not open'),
  ]);
  for (const chunk of chunks) {
    if (socket.destroyed || !socket.writable) break;
    socket.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  socket.end();
  await Promise.race([closed, timeout('the broker did not close the TCP connection')]);
}
