/** A plain `ws` JSON-RPC 2.0 client for end-to-end tests: requests, notifications, pushes, callee answers. */
import type WebSocket from 'ws';
import { openClient } from './ws-client.js';

export interface JsonRpcMessage {
  readonly jsonrpc: '2.0';
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: unknown };
}

export interface JsonRpcPeer {
  readonly ws: WebSocket;
  /** Every message from the broker that is not a response to this peer's requests (pushes, calls). */
  readonly inbound: JsonRpcMessage[];
  request(method: string, params?: unknown): Promise<JsonRpcMessage>;
  notify(method: string, params?: unknown): void;
  /** Answers a request the broker sent (this peer as callee). */
  respond(id: number | string, answer: { result: unknown } | { error: JsonRpcMessage['error'] }): void;
  close(): void;
}

/** Connects to `url`; `realm` goes in the URL's `?realm=` (the default realm without it). */
export async function jsonRpcPeer(url: string, realm?: string): Promise<JsonRpcPeer> {
  const target = new URL(url);
  if (realm !== undefined) target.searchParams.set('realm', realm);
  const ws = await openClient(target.href);
  const inbound: JsonRpcMessage[] = [];
  const waiting = new Map<number, (message: JsonRpcMessage) => void>();
  let lastId = 0;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as JsonRpcMessage;
    const isResponse = message.method === undefined && typeof message.id === 'number';
    const waiter = isResponse ? waiting.get(message.id as number) : undefined;
    if (waiter === undefined) inbound.push(message);
    else {
      waiting.delete(message.id as number);
      waiter(message);
    }
  });
  const send = (message: object) => ws.send(JSON.stringify({ jsonrpc: '2.0', ...message }));
  return {
    ws,
    inbound,
    request(method, params) {
      const id = ++lastId;
      const answer = new Promise<JsonRpcMessage>((resolve) => waiting.set(id, resolve));
      send({ id, method, ...(params !== undefined && { params }) });
      return answer;
    },
    notify: (method, params) => send({ method, ...(params !== undefined && { params }) }),
    respond: (id, answer) => send({ id, ...answer }),
    close: () => ws.close(),
  };
}
