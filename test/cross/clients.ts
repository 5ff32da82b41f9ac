/**
 * The four real clients of the cross-protocol suite, each kept in its own shape: @stomp/stompjs,
 * autobahn-js (json or msgpack), a plain `ws` JSON-RPC peer and a chat.v1 line client.
 */

import type { Client, IMessage } from '@stomp/stompjs';
import type { Session } from 'autobahn';
import type WebSocket from 'ws';
import { chatProtocol } from '../../examples/custom-protocol.js';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import type { JunctionOptions } from '../../src/server/options.js';
import { type JsonRpcPeer, jsonRpcPeer as jsonRpcPeerAt } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { messages, openClient } from '../helpers/ws-client.js';
import { connectStompjs } from '../protocols/stomp/stompjs-client.js';
import { type OpenSession, openSession } from '../protocols/wamp/autobahn-client.js';

/** One broker with every protocol, as the suite uses it (one per test file). */
export function startPolyglot(
  options: { jsonrpcCallTimeout?: number; stompRpcTimeout?: number; auth?: JunctionOptions['auth'] } = {},
) {
  return startJunction({
    ...(options.auth && { auth: options.auth }),
    protocols: [
      stomp(options.stompRpcTimeout === undefined ? {} : { rpcTimeout: options.stompRpcTimeout }),
      wamp(),
      jsonrpc(options.jsonrpcCallTimeout === undefined ? {} : { callTimeout: options.jsonrpcCallTimeout }),
      chatProtocol(),
    ],
  });
}

/** Polls until `predicate` holds. */
export async function until(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---- STOMP ------------------------------------------------------------------------------------

export interface StompPeer {
  readonly client: Client;
  /** Subscribes with a receipt: resolves once the broker has the subscription. */
  subscribe(destination: string, into: IMessage[], headers?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function stompPeer(broker: StartedJunction): Promise<StompPeer> {
  const client = await connectStompjs(broker.url);
  let receipts = 0;
  return {
    client,
    subscribe(destination, into, headers = {}) {
      const receipt = `sub-${++receipts}`;
      const done = new Promise<void>((resolve) => client.watchForReceipt(receipt, () => resolve()));
      client.subscribe(destination, (message) => into.push(message), { ...headers, receipt });
      return done;
    },
    close: () => client.deactivate(),
  };
}

// ---- WAMP -------------------------------------------------------------------------------------

export type WampSerializer = 'json' | 'msgpack';

/** A WAMP message as the client's serializer decoded it, before autobahn drops unknown details. */
export type RawWamp = unknown[];

export interface WampPeer {
  readonly session: Session;
  readonly serializer: WampSerializer;
  /** Every decoded message received, in order (taps autobahn's transport). */
  readonly raw: RawWamp[];
  close(): Promise<void>;
}

interface TappableSession {
  _socket: { onmessage: (message: RawWamp) => void };
}

export async function wampPeer(broker: StartedJunction, serializer: WampSerializer): Promise<WampPeer> {
  const opened: OpenSession = await openSession(broker.url, serializer);
  const raw: RawWamp[] = [];
  // autobahn-js keeps only the Details it knows (Event, Result); the tap shows what was on the wire.
  const socket = (opened.session as unknown as TappableSession)._socket;
  const original = socket.onmessage;
  socket.onmessage = (message) => {
    raw.push(message);
    original(message);
  };
  return { session: opened.session, serializer, raw, close: () => opened.close() };
}

/** WAMP message type codes used by the tests. */
export const WampCode = { EVENT: 36, RESULT: 50, INVOCATION: 68, INTERRUPT: 69 } as const;

// ---- JSON-RPC ---------------------------------------------------------------------------------

export type { JsonRpcMessage, JsonRpcPeer } from '../helpers/jsonrpc-peer.js';

export function jsonRpcPeer(broker: StartedJunction): Promise<JsonRpcPeer> {
  return jsonRpcPeerAt(broker.url);
}

export interface ChatPeer {
  readonly ws: WebSocket;
  /** Every `MSG <topic> <text>` line received, as [topic, text]. */
  readonly lines: [string, string][];
  /** Sends a command and waits for its `OK`. */
  command(line: string): Promise<void>;
  close(): void;
}

export async function chatPeer(broker: StartedJunction): Promise<ChatPeer> {
  const ws = await openClient(broker.url, 'chat.v1');
  const lines: [string, string][] = [];
  const replies = messages(ws);
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text.startsWith('MSG ')) return;
    const space = text.indexOf(' ', 4);
    lines.push([text.slice(4, space), text.slice(space + 1)]);
  });
  return {
    ws,
    lines,
    async command(line) {
      ws.send(line);
      const reply = await replies.find((text) => !text.startsWith('MSG '));
      if (!reply.startsWith('OK ')) throw new Error(`chat.v1 answered ${reply}`);
    },
    close: () => ws.close(),
  };
}
