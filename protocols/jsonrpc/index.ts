/**
 * The JSON-RPC 2.0 protocol plugin: the broker's fallback for clients that offer no subprotocol,
 * also selected by the tokens `jsonrpc`, `jsonrpc-2.0` and `json-rpc`. See docs/jsonrpc.md.
 */
import { defineProtocol, type ProtocolPlugin } from '../../src/plugin/index.js';
import { PushEncoder } from './push-encoder.js';
import { JsonRpcSession } from './session.js';

export interface JsonRpcOptions {
  /** Most requests one batch may hold; a larger batch gets one -32600 error. Default 100. */
  readonly maxBatch?: number;
  /** Timeout of procedure calls made by JSON-RPC clients, in ms; 0 = none (the default). */
  readonly callTimeout?: number;
}

export const DEFAULT_MAX_BATCH = 100;

/** JSON Schema of JsonRpcOptions, validated by the core with ajv at registration. */
export const optionsSchema = {
  type: 'object',
  properties: {
    maxBatch: { type: 'integer', minimum: 1 },
    callTimeout: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
} as const;

/**
 * Creates the JSON-RPC 2.0 plugin.
 * @example createJunction({ protocols: [jsonrpc({ maxBatch: 50 })] })
 */
export function jsonrpc(options: JsonRpcOptions = {}): ProtocolPlugin<JsonRpcOptions> {
  // One encoder per plugin instance: a message's pushes are shared by all its subscribers.
  const pushes = new PushEncoder();
  return defineProtocol<JsonRpcOptions>({
    name: 'jsonrpc',
    tokens: ['jsonrpc', 'jsonrpc-2.0', 'json-rpc'],
    fallback: true,
    // Each request of a batch counts against messagesPerSecond (session.ts #handle).
    countsMessages: true,
    optionsSchema,
    options,
    createSession: (connection, context) =>
      new JsonRpcSession(connection, context, {
        maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
        callTimeout: options.callTimeout ?? 0,
        pushes,
      }),
  });
}

export { ErrorCode, JsonRpcError } from './errors.js';
export { Method } from './methods.js';
