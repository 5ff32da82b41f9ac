/**
 * Payload mapping between JSON-RPC values and the router's `{ args, kwargs }`.
 *
 * Binary values (`Uint8Array`, from WAMP msgpack/cbor or STOMP bodies) travel in JSON as
 * `{"$binary": "<base64>"}`, in both directions. Values nested deeper than MAX_DEPTH are refused:
 * JSON.parse accepts any depth, but JSON.stringify and recursive walks overflow the stack.
 */
import type { CallPayload, RoutedMessage } from '../../src/plugin/index.js';
import { isRecord } from './errors.js';

/** Deepest nesting of arrays and objects accepted in params and sent in results or pushes. */
export const MAX_DEPTH = 1000;

const BINARY_KEY = '$binary';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A value too deeply nested to map; callers render it as an error reply. */
export class PayloadDepthError extends Error {
  constructor() {
    super(`value nested deeper than ${MAX_DEPTH} levels`);
    this.name = 'PayloadDepthError';
  }
}

/** Decodes `{"$binary": base64}` objects into Uint8Array; other values are returned as they are. */
export function fromJson(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) throw new PayloadDepthError();
  if (Array.isArray(value)) return mapArray(value, (item) => fromJson(item, depth + 1));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const encoded = record[BINARY_KEY];
  if (keys.length === 1 && typeof encoded === 'string' && BASE64.test(encoded)) {
    return new Uint8Array(Buffer.from(encoded, 'base64'));
  }
  return mapRecord(record, (item) => fromJson(item, depth + 1));
}

/** Makes a router value JSON-safe: bytes as `{"$binary"}`, bigints as numbers (or strings when unsafe). */
export function toJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return { [BINARY_KEY]: Buffer.from(value).toString('base64') };
  if (depth >= MAX_DEPTH) throw new PayloadDepthError();
  if (Array.isArray(value)) return mapArray(value, (item) => toJson(item, depth + 1));
  if (value instanceof Date) return value;
  return mapRecord(value as Record<string, unknown>, (item) => toJson(item, depth + 1));
}

/** Returns the same array when no element changed, so plain JSON payloads are not copied. */
function mapArray(array: readonly unknown[], map: (item: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const mapped = map(item);
    if (mapped !== item && copy === undefined) copy = array.slice(0, i);
    if (copy !== undefined) copy.push(mapped);
  }
  return copy ?? (array as unknown[]);
}

/**
 * Object.fromEntries defines own properties, so a `__proto__` key stays an ordinary key and never
 * replaces the prototype of the copy.
 */
function mapRecord(record: Record<string, unknown>, map: (item: unknown) => unknown): object {
  let changed = false;
  const entries = Object.entries(record).map(([key, item]) => {
    const mapped = map(item);
    if (mapped !== item) changed = true;
    return [key, mapped] as const;
  });
  return changed ? Object.fromEntries(entries) : record;
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

/**
 * Call result or published message → one JSON value (a push's `result`, a response's `result`):
 * exactly one arg and no kwargs → that arg; only kwargs → kwargs; nothing → null;
 * anything else → `{args, kwargs?}`.
 */
export function payloadToValue(payload: CallPayload): unknown {
  const args = payload.args ?? [];
  const hasKwargs = hasKeys(payload.kwargs);
  if (!hasKwargs) {
    if (args.length === 0) return null;
    if (args.length === 1) return toJson(args[0]);
    return { args: toJson(args) };
  }
  if (args.length === 0) return toJson(payload.kwargs);
  return { args: toJson(args), kwargs: toJson(payload.kwargs) };
}

/** A JSON-RPC callee's `result` → call payload: null is an empty result, anything else one arg. */
export function resultToPayload(result: unknown): CallPayload {
  return result === null ? {} : { args: [fromJson(result)] };
}

function hasKeys(record: Readonly<Record<string, unknown>> | undefined): boolean {
  return record !== undefined && isRecord(record) && Object.keys(record).length > 0;
}

/** Content types every payload already implies: text, JSON and bytes need no label. */
const IMPLIED_TYPES = new Set(['text/plain', 'application/json', 'application/octet-stream']);

/** Whether a content type adds information (`image/png`, `text/csv`; not `text/plain;charset=utf-8`). */
export function tellsMore(contentType: string | undefined): contentType is string {
  if (contentType === undefined) return false;
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return !IMPLIED_TYPES.has(essence);
}

/**
 * The part of a push after the subscription id, the same for every receiver of a message:
 * `,"topic":…,"result":…` plus `"headers"` (application headers, when there are any) and
 * `"contentType"` (when it says more than the value does). Throws when the payload is not JSON-able.
 */
export function pushTail(message: RoutedMessage): string {
  let tail = `,"topic":${JSON.stringify(message.topic)},"result":${JSON.stringify(payloadToValue(message))}`;
  if (Object.keys(message.headers).length > 0) tail += `,"headers":${JSON.stringify(message.headers)}`;
  if (tellsMore(message.contentType)) tail += `,"contentType":${JSON.stringify(message.contentType)}`;
  return tail;
}
