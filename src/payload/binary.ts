/**
 * Binary values in JSON. In the router bytes are `Uint8Array`; JSON has no bytes, so each JSON
 * form writes them as base64: a contract schema sees the bare base64 string, STOMP bodies,
 * chat.v1 lines and WAMP JSON write `"\u0000"` + base64 (WAMP Advanced Profile, binary support in
 * JSON), and JSON-RPC writes `{"$binary": base64}` (protocols/jsonrpc/payload.ts).
 */
import { mapValues } from './walk.js';

/** The first character of a string that carries bytes in WAMP JSON. */
export const BINARY_PREFIX = '\u0000';

/** Base64 (RFC 4648 §4, padded) of bytes, without copying them. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * The bytes of a base64 string, in a buffer of their own: a view of Node's shared pool would
 * keep the pool alive and expose its other bytes through `.buffer`.
 */
export function base64ToBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Whether a value holds a Uint8Array at any depth. */
export function containsBinary(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(containsBinary);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsBinary);
  return false;
}

/**
 * The value with every Uint8Array, at any depth, replaced by its base64 string: what a JSON
 * Schema sees (`{"type": "string", "contentEncoding": "base64"}`). Values without bytes are
 * returned as they are, not copied.
 */
export function binaryAsBase64(value: unknown): unknown {
  return mapValues(value, (item) => (item instanceof Uint8Array ? bytesToBase64(item) : item));
}

/** JSON.stringify calls Buffer#toJSON before a replacer runs, so look at the holder's raw value. */
function prefixedBinary(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? BINARY_PREFIX + bytesToBase64(raw) : value;
}

/** JSON text with bytes as WAMP JSON carries them, `"\u0000"` + base64; `null` for undefined. */
export function stringifyWithBinary(value: unknown): string {
  const text = containsBinary(value) ? JSON.stringify(value, prefixedBinary) : JSON.stringify(value);
  return text ?? 'null';
}

/** Parsed WAMP JSON with every `"\u0000"` + base64 string turned back into bytes. */
export function reviveBinary(value: unknown): unknown {
  return mapValues(value, (item) =>
    typeof item === 'string' && item.startsWith(BINARY_PREFIX) ? base64ToBytes(item.slice(1)) : item,
  );
}
