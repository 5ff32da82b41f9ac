/**
 * Real clients of the three protocols, connected to one node of a cluster by URL: @stomp/stompjs,
 * autobahn-js (json or msgpack) and a plain `ws` JSON-RPC 2.0 peer.
 */
import type { Client, IMessage } from '@stomp/stompjs';
import type { Session } from 'autobahn';
import { connectStompjs } from '../protocols/stomp/stompjs-client.js';
import { openSession } from '../protocols/wamp/autobahn-client.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; fails with `what` after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Retries `attempt` until it resolves true: node interest and registrations spread asynchronously. */
export async function converge(attempt: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await attempt())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// ---- STOMP ------------------------------------------------------------------------------------

export interface StompPeer {
  readonly client: Client;
  /** Replies to `/temp-queue/` (RPC), which arrive without a subscription. */
  readonly unhandled: IMessage[];
  /** Subscribes with a receipt: resolves once the broker has the subscription. */
  subscribe(
    destination: string,
    onMessage: (message: IMessage) => void,
    headers?: Record<string, string>,
  ): Promise<void>;
  close(): Promise<void>;
}

/** A STOMP client; `realm` goes in CONNECT's `host` header (the default realm without it). */
export async function stompPeer(url: string, realm?: string): Promise<StompPeer> {
  const client = await connectStompjs(url, realm === undefined ? {} : { connectHeaders: { host: realm } });
  const unhandled: IMessage[] = [];
  client.onUnhandledMessage = (message) => unhandled.push(message);
  let receipts = 0;
  return {
    client,
    unhandled,
    subscribe(destination, onMessage, headers = {}) {
      const receipt = `sub-${++receipts}`;
      const done = new Promise<void>((resolve) => client.watchForReceipt(receipt, () => resolve()));
      client.subscribe(destination, onMessage, { ...headers, receipt });
      return done;
    },
    close: () => client.deactivate(),
  };
}

// ---- WAMP -------------------------------------------------------------------------------------

export interface WampPeer {
  readonly session: Session;
  close(): Promise<void>;
}

export async function wampPeer(
  url: string,
  serializer: 'json' | 'msgpack' = 'json',
  realm = 'realm1',
  options: Record<string, unknown> = {},
): Promise<WampPeer> {
  const opened = await openSession(url, serializer, { realm, ...options });
  return { session: opened.session, close: () => opened.close() };
}

// ---- JSON-RPC ---------------------------------------------------------------------------------

export { type JsonRpcMessage, type JsonRpcPeer, jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
