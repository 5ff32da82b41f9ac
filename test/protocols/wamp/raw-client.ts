/** A raw WebSocket WAMP client for crafted messages (rules that real clients never break). */
import WebSocket from 'ws';
import { createSerializers, type Serializer } from '../../../protocols/wamp/serializers/index.js';

export interface RawClient {
  readonly socket: WebSocket;
  readonly serializer: Serializer;
  send(message: readonly unknown[]): void;
  sendRaw(data: string | Uint8Array): void;
  /** The next message (in arrival order), decoded. */
  next(timeoutMs?: number): Promise<unknown[]>;
  /** Resolves with the close code once the server closes. */
  closed(): Promise<number>;
  /** HELLO as a caller/callee/publisher/subscriber; resolves with WELCOME. */
  hello(realm?: string, details?: Record<string, unknown>): Promise<unknown[]>;
  close(): void;
}

export const CLIENT_ROLES = {
  publisher: {},
  subscriber: {},
  caller: { features: { progressive_call_results: true, call_canceling: true } },
  callee: { features: { progressive_call_results: true, call_canceling: true } },
};

export async function rawClient(url: string, token = 'wamp.2.json'): Promise<RawClient> {
  const serializer = createSerializers().get(token)!;
  const socket = new WebSocket(url, [token]);
  const inbox: unknown[][] = [];
  const waiters: ((message: unknown[]) => void)[] = [];
  let closeCode: number | undefined;
  const closeWaiters: ((code: number) => void)[] = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    const decoded = serializer.decode(isBinary ? new Uint8Array(data) : data.toString('utf8'));
    if (!decoded.ok) throw new Error(`undecodable server message: ${decoded.reason}`);
    const waiter = waiters.shift();
    if (waiter) waiter(decoded.value as unknown[]);
    else inbox.push(decoded.value as unknown[]);
  });
  socket.on('close', (code) => {
    closeCode = code;
    for (const waiter of closeWaiters.splice(0)) waiter(code);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const client: RawClient = {
    socket,
    serializer,
    send: (message) => socket.send(serializer.encode(message)),
    sendRaw: (data) => socket.send(data),
    next(timeoutMs = 10_000) {
      const queued = inbox.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message from the router')), timeoutMs);
        waiters.push((message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
    closed() {
      if (closeCode !== undefined) return Promise.resolve(closeCode);
      return new Promise((resolve) => closeWaiters.push(resolve));
    },
    async hello(realm = 'realm1', details = {}) {
      client.send([1, realm, { roles: CLIENT_ROLES, ...details }]);
      return client.next();
    },
    close: () => socket.close(),
  };
  return client;
}
