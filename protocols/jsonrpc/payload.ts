/**
 * Payload mapping between JSON-RPC values and the router's `{ args, kwargs }`, on the payload
 * model of the plugin API (one-value rule, depth-bounded walk).
 *
 * Binary values (`Uint8Array`, from WAMP msgpack/cbor or STOMP bodies) travel in JSON as
 * `{"$binary": "<base64>"}`, in both directions. Values nested deeper than MAX_DEPTH are refused:
 * JSON.parse accepts any depth, but JSON.stringify and recursive walks overflow the stack.
 */
import {
  base64ToBytes,
  bytesToBase64,
  type CallPayload,
  fromOneValue,
  hasKeys,
  mapValues,
  type OneValueOptions,
  PayloadDepthError,
  type RoutedMessage,
  tellsMore,
  toOneValue,
} from '../../src/plugin/index.js';

export { PayloadDepthError };

/** Deepest nesting of arrays and objects accepted in params and sent in results or pushes. */
export const MAX_DEPTH = 1000;

const BINARY_KEY = '$binary';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `{"$binary": base64}` and nothing else. */
function binaryOf(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const encoded = record[BINARY_KEY];
  if (typeof encoded !== 'string' || Object.keys(record).length !== 1 || !BASE64.test(encoded)) return undefined;
  return base64ToBytes(encoded);
}

/** Decodes `{"$binary": base64}` objects into Uint8Array; other values are returned as they are. */
export function fromJson(value: unknown): unknown {
  return mapValues(value, (item) => binaryOf(item) ?? item, MAX_DEPTH);
}

/** Makes a router value JSON-safe: bytes as `{"$binary"}`, bigints as numbers (or strings when unsafe). */
export function toJson(value: unknown): unknown {
  return mapValues(value, jsonSafe, MAX_DEPTH);
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  return value instanceof Uint8Array ? { [BINARY_KEY]: bytesToBase64(value) } : value;
}

/** JSON-RPC params → call payload: an array is `args`, an object is `kwargs`, absent is empty. */
export function paramsToPayload(params: unknown): CallPayload {
  if (params === undefined) return {};
  const decoded = fromJson(params);
  if (Array.isArray(decoded)) return { args: decoded };
  return { kwargs: decoded as Record<string, unknown> };
}

/**
 * Call payload → JSON-RPC params for a JSON-RPC callee: args only → array, kwargs only → object,
 * both → `{args, kwargs}`, none → undefined (params omitted).
 */
export function payloadToParams(payload: CallPayload): unknown {
  const args = payload.args !== undefined && payload.args.length > 0 ? toJson(payload.args) : undefined;
  const kwargs = hasKeys(payload.kwargs) ? toJson(payload.kwargs) : undefined;
  if (args !== undefined && kwargs !== undefined) return { args, kwargs };
  return args ?? kwargs;
}

/** JSON-RPC's variant of the one-value rule: kwargs without args are the value itself. */
const RESULT_VALUE: OneValueOptions = { kwargsAlone: true, map: toJson };

/**
 * Call result or published message → one JSON value (a push's `result`, a response's `result`):
 * exactly one arg and no kwargs → that arg; only kwargs → kwargs; nothing → null;
 * anything else → `{args, kwargs?}`.
 */
export function payloadToValue(payload: CallPayload): unknown {
  return toOneValue(payload, RESULT_VALUE);
}

/** A `publish` payload → message payload: the one argument (`null` too); absent is empty. */
export function publishedPayload(value: unknown): CallPayload {
  return fromOneValue(fromJson(value));
}

/** A JSON-RPC callee's `result` → call payload: null is an empty result, anything else one arg. */
export function resultToPayload(result: unknown): CallPayload {
  return fromOneValue(fromJson(result), { nullIsEmpty: true });
}

/**
 * The part of a push after the subscription id, the same for every receiver of a message:
 * `,"topic":…,"result":…` plus `"headers"` (application headers, when there are any) and
 * `"contentType"` (when it says more than the value does). Throws when the payload is not JSON-able.
 */
export function pushTail(message: RoutedMessage): string {
  let tail = `,"topic":${JSON.stringify(message.topic)},"result":${JSON.stringify(payloadToValue(message))}`;
  if (hasKeys(message.headers)) tail += `,"headers":${JSON.stringify(message.headers)}`;
  if (tellsMore(message.contentType)) tail += `,"contentType":${JSON.stringify(message.contentType)}`;
  return tail;
}
