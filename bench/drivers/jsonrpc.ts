/** JSON-RPC 2.0 (no subprotocol): subscribe/publish pushes and calls; a client callee that echoes. */
import type WebSocket from 'ws';
import { openSocket } from './socket.js';
import type { BenchClient, Driver } from './types.js';

interface Response {
  id?: number | string;
  method?: string;
  params?: { subscription: number; result: string } | unknown[];
  result?: unknown;
  error?: unknown;
}

class JsonRpcClient implements BenchClient {
  readonly #ws: WebSocket;
  readonly #subscriptions = new Map<number, (payload: string) => void>();
  readonly #pending = new Map<number, (response: Response) => void>();
  #lastId = 0;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.#onMessage(JSON.parse(data.toString()) as Response));
  }

  #onMessage(message: Response): void {
    if (message.method === 'subscription') {
      const params = message.params as { subscription: number; result: string };
      this.#subscriptions.get(params.subscription)?.(params.result);
    } else if (message.method !== undefined) {
      // A call routed to this client as callee: echo the first param.
      const result = Array.isArray(message.params) ? message.params[0] : message.params;
      this.#ws.send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
    } else if (typeof message.id === 'number') {
      this.#pending.get(message.id)?.(message);
    }
  }

  #request(method: string, params: unknown[]): Promise<Response> {
    const id = ++this.#lastId;
    return new Promise((resolve) => {
      this.#pending.set(id, (response) => {
        this.#pending.delete(id);
        resolve(response);
      });
      this.#ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async subscribe(topic: string, onPayload: (payload: string) => void): Promise<void> {
    const response = await this.#request('subscribe', [topic]);
    if (typeof response.result !== 'number') throw new Error(`subscribe failed: ${JSON.stringify(response)}`);
    this.#subscriptions.set(response.result, onPayload);
  }

  publish(topic: string, payload: string): void {
    // A notification: no id, so the broker sends no response.
    this.#ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'publish', params: [topic, payload] }));
  }

  async registerEcho(procedure: string): Promise<void> {
    const response = await this.#request('register', [procedure]);
    if (response.error !== undefined) throw new Error(`register failed: ${JSON.stringify(response)}`);
  }

  async call(procedure: string, payload: string): Promise<string> {
    const response = await this.#request(procedure, [payload]);
    if (response.error !== undefined) throw new Error(`call failed: ${JSON.stringify(response)}`);
    return response.result as string;
  }

  close(): void {
    this.#ws.close();
  }
}

export const jsonRpcDriver = (): Driver => ({
  name: 'jsonrpc',
  async connect(url) {
    return new JsonRpcClient(await openSocket(url));
  },
});
