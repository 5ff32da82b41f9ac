/**
 * Receivers of whatever the fuzz sessions publish and call, in every protocol and serializer,
 * so hostile payloads cross every encoder on the way out (an encoder that throws is logged as
 * "router handler failed" and fails the run). They must stay connected throughout.
 */
import WebSocket from 'ws';
import { createSerializers } from '../protocols/wamp/serializers/index.js';
import { HELLO } from './wamp-inputs.js';

export interface Listeners {
  /** Names of the listeners the broker disconnected. */
  closed(): string[];
  close(): void;
}

/** Procedures the generators call, answered by a WAMP and a JSON-RPC callee here. */
export const CALLEES = { wamp: 'fuzz.callee', jsonrpc: 'fuzz.rpc' } as const;

async function open(url: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(url, [token]);
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

async function wampListener(url: string, token: string, callee: boolean): Promise<WebSocket> {
  const serializer = createSerializers().get(token)!;
  const socket = await open(url, token);
  const welcomed = new Promise((resolve) => socket.once('message', resolve));
  socket.send(serializer.encode(HELLO));
  await welcomed;
  socket.on('message', (data: Buffer, binary: boolean) => {
    const decoded = serializer.decode(binary ? new Uint8Array(data) : data.toString());
    const message = decoded.ok ? (decoded.value as unknown[]) : [];
    // INVOCATION: [68, request, registration, details, args?, kwargs?] → YIELD with the same payload.
    if (message[0] === 68) socket.send(serializer.encode([70, message[1], {}, ...message.slice(4)]));
  });
  socket.send(serializer.encode([32, 1, { match: 'prefix' }, 'fuzz']));
  if (callee) socket.send(serializer.encode([64, 2, {}, CALLEES.wamp]));
  return socket;
}

async function jsonrpcListener(url: string): Promise<WebSocket> {
  const socket = await open(url, 'jsonrpc');
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: unknown; method?: string; params?: unknown };
    // A call routed to this client: answer with its params.
    if (message.method !== undefined && message.id !== undefined) {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: message.params ?? null }));
    }
  });
  socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscribe', params: ['fuzz', { match: 'prefix' }], id: 1 }));
  socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'register', params: [CALLEES.jsonrpc], id: 2 }));
  return socket;
}

async function stompListener(url: string): Promise<WebSocket> {
  const socket = await open(url, 'v12.stomp');
  socket.send('CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0SUBSCRIBE\nid:1\ndestination:/topic/fuzz.#\n\n\0');
  return socket;
}

export async function startListeners(url: string): Promise<Listeners> {
  const sockets: [string, WebSocket][] = [
    ['wamp.2.json listener', await wampListener(url, 'wamp.2.json', true)],
    ['wamp.2.msgpack listener', await wampListener(url, 'wamp.2.msgpack', false)],
    ['wamp.2.cbor listener', await wampListener(url, 'wamp.2.cbor', false)],
    ['JSON-RPC listener', await jsonrpcListener(url)],
    ['STOMP listener', await stompListener(url)],
  ];
  // Let the subscriptions and registrations settle before the first fuzz session.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    closed: () => sockets.filter(([, socket]) => socket.readyState !== WebSocket.OPEN).map(([name]) => name),
    close: () => {
      for (const [, socket] of sockets) socket.close();
    },
  };
}
