/** A STOMP 1.2 client over plain TCP for the soak, with the bench drivers' BenchClient shape. */
import { connect, type Socket } from 'node:net';
import type { BenchClient } from '../bench/drivers/types.js';

function frame(command: string, headers: Record<string, string>, body = ''): string {
  return `${command}\n${Object.entries(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join('')}\n${body}\0`;
}

class StompTcpClient implements BenchClient {
  readonly #socket: Socket;
  readonly #handlers = new Map<string, (payload: string) => void>();
  readonly #receipts = new Map<string, () => void>();
  #buffer = '';
  #next = 0;
  static #closes = 0;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk.toString()));
  }

  /** Frames end at NUL; bodies here are plain text without NULs. */
  #onData(text: string): void {
    this.#buffer += text;
    let end = this.#buffer.indexOf('\0');
    while (end !== -1) {
      const raw = this.#buffer.slice(0, end).replace(/^[\r\n]+/, '');
      this.#buffer = this.#buffer.slice(end + 1);
      this.#onFrame(raw);
      end = this.#buffer.indexOf('\0');
    }
  }

  #onFrame(raw: string): void {
    const split = raw.indexOf('\n\n');
    const head = raw.slice(0, split).split('\n');
    const headers = new Map(
      head.slice(1).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
    );
    if (head[0] === 'MESSAGE') this.#handlers.get(headers.get('subscription') ?? '')?.(raw.slice(split + 2));
    else if (head[0] === 'RECEIPT') this.#receipts.get(headers.get('receipt-id') ?? '')?.();
  }

  async subscribe(topic: string, onPayload: (payload: string) => void): Promise<void> {
    const id = `s${++this.#next}`;
    this.#handlers.set(id, onPayload);
    await new Promise<void>((resolve) => {
      this.#receipts.set(`r${id}`, resolve);
      this.#socket.write(frame('SUBSCRIBE', { id, destination: `/topic/${topic}`, receipt: `r${id}` }));
    });
  }

  publish(topic: string, payload: string): void {
    if (this.#socket.writable) {
      this.#socket.write(frame('SEND', { destination: `/topic/${topic}`, 'content-type': 'text/plain' }, payload));
    }
  }

  /** Half the leaves say DISCONNECT, half drop the connection, as a crashed client would. */
  close(): void {
    if (StompTcpClient.#closes++ % 2 === 0) this.#socket.destroy();
    else this.#socket.end(frame('DISCONNECT', {}));
  }
}

export function connectStompTcp(port: number): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.on('error', () => {});
      socket.write(frame('CONNECT', { 'accept-version': '1.2', host: '/', 'heart-beat': '0,0' }));
      socket.once('data', (chunk: Buffer) => {
        if (!chunk.toString().startsWith('CONNECTED')) reject(new Error(`no CONNECTED: ${chunk.toString()}`));
        else resolve(new StompTcpClient(socket));
      });
    });
  });
}
