/**
 * The bare relay's client: no protocol. Fan-out: every message goes to every other client.
 * Request/response: callers' messages go to the callee, whose echo the relay returns to the
 * oldest waiting caller (a FIFO). The lean client (bench/lean/relay.ts) drives the throughput
 * rows; this one remains for the idle-connection row.
 */
import type WebSocket from 'ws';
import { openSocket } from './socket.js';
import type { BenchClient, Driver } from './types.js';

class RelayClient implements BenchClient {
  readonly #ws: WebSocket;
  #onPayload: ((payload: string) => void) | undefined;
  readonly #waiting: ((payload: string) => void)[] = [];
  #echo = false;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => {
      const text = data.toString();
      if (this.#echo) return void ws.send(text);
      const waiter = this.#waiting.shift();
      if (waiter) waiter(text);
      else this.#onPayload?.(text);
    });
  }

  async subscribe(_topic: string, onPayload: (payload: string) => void): Promise<void> {
    this.#onPayload = onPayload;
  }

  publish(_topic: string, payload: string): void {
    this.#ws.send(payload);
  }

  async registerEcho(): Promise<void> {
    this.#echo = true;
    // Tell the relay this client is the callee.
    this.#ws.send('!callee');
  }

  call(_procedure: string, payload: string): Promise<string> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#ws.send(payload);
    });
  }

  close(): void {
    this.#ws.close();
  }
}

export const relayDriver = (): Driver => ({
  name: 'relay',
  async connect(url) {
    return new RelayClient(await openSocket(url));
  },
});
