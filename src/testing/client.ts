/** Real `ws` clients for the contract cases: a queue of inbound messages and the close code. */
import WebSocket from 'ws';
import type { MessageData } from '../plugin/types.js';
import type { ContractClient } from './driver.js';

/** A ContractClient the kit itself controls: how it closed, and how to close or drop it. */
export interface KitClient extends ContractClient {
  /** Resolves with the close code once the connection is closed. */
  readonly closed: Promise<number>;
  /** The close code, once closed. */
  readonly closeCode: number | undefined;
  /** A clean close handshake. */
  close(): void;
  /** Drops the TCP connection without a close frame, as a crashed client or a lost network would. */
  terminate(): void;
}

/** Opens a client offering `token` (none for null) and resolves once the upgrade succeeded. */
export function openKitClient(url: string, token: string | null, defaultTimeoutMs: number): Promise<KitClient> {
  const socket = new WebSocket(url, token === null ? [] : [token]);
  const queue: MessageData[] = [];
  let wake: (() => void) | undefined;
  let closeCode: number | undefined;
  socket.on('message', (data: Buffer, isBinary) => {
    queue.push(isBinary ? new Uint8Array(data) : data.toString('utf8'));
    wake?.();
  });
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (code) => {
      closeCode = code;
      wake?.();
      resolve(code);
    }),
  );
  const client: KitClient = {
    get protocol() {
      return socket.protocol;
    },
    closed,
    get closeCode() {
      return closeCode;
    },
    send: (data) => socket.send(data, { binary: typeof data !== 'string' }),
    next: (timeoutMs = defaultTimeoutMs) =>
      nextMessage(
        queue,
        timeoutMs,
        () => closeCode,
        (w) => (wake = w),
      ),
    close: () => socket.close(),
    terminate: () => socket.terminate(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('error', reject);
  });
}

async function nextMessage(
  queue: MessageData[],
  timeoutMs: number,
  closeCode: () => number | undefined,
  setWake: (wake: (() => void) | undefined) => void,
): Promise<MessageData> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = queue.shift();
    if (message !== undefined) return message;
    const code = closeCode();
    if (code !== undefined) throw new Error(`connection closed (${code}) while waiting for a message`);
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      setWake(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    setWake(undefined);
  }
}
