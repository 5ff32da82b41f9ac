/**
 * The other side of the cross-protocol cases: a JSON-RPC 2.0 client over a plain WebSocket, the
 * built-in protocol that needs no client library (docs/jsonrpc.md).
 */
import type { ContractClient } from './driver.js';
import { check } from './wait.js';

/** Subscribes, publishes and reads `subscription` pushes as a JSON-RPC client does. */
export interface JsonRpcPeer {
  readonly client: ContractClient;
  /** Resolves with the subscription id once the broker answered. */
  subscribe(topic: string): Promise<number>;
  /** Resolves once the broker answered `true`. */
  publish(topic: string, value: string): Promise<void>;
  /** The next pushed value on `topic`. */
  nextValue(topic: string): Promise<unknown>;
}

interface Envelope {
  readonly id?: number;
  readonly method?: string;
  readonly result?: unknown;
  readonly error?: { readonly message?: string };
  readonly params?: { readonly topic?: string; readonly result?: unknown };
}

/** Wraps a client connected to the JSON-RPC plugin (the JSON-RPC driver of the built-in tests uses it too). */
export function jsonRpcPeer(client: ContractClient): JsonRpcPeer {
  let nextId = 1;
  // Pushes that arrive while waiting for an answer are kept for nextValue, in order.
  const pushes: Envelope[] = [];
  const read = async (): Promise<Envelope> => JSON.parse(String(await client.next())) as Envelope;
  const request = async (method: string, params: unknown[]): Promise<unknown> => {
    const id = nextId++;
    client.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    for (;;) {
      const envelope = await read();
      if (envelope.method === 'subscription') pushes.push(envelope);
      else if (envelope.id === id) {
        check(envelope.error === undefined, `JSON-RPC ${method} failed: ${envelope.error?.message}`);
        return envelope.result;
      }
    }
  };
  return {
    client,
    subscribe: async (topic) => Number(await request('subscribe', [topic])),
    publish: async (topic, value) => void (await request('publish', [topic, value])),
    async nextValue(topic) {
      for (;;) {
        const envelope = pushes.shift() ?? (await read());
        if (envelope.method === 'subscription' && envelope.params?.topic === topic) return envelope.params.result;
      }
    },
  };
}
