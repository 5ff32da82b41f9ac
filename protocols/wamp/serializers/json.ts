/**
 * wamp.2.json: text frames. Binary values travel as a string "\u0000" + base64 in both
 * directions (WAMP Advanced Profile, binary support in JSON).
 */
import type { MessageData } from '../../../src/plugin/index.js';
import { type DecodeResult, type EncodedTail, reasonOf, type Serializer } from './serializer.js';

const BINARY_PREFIX = '\u0000';

function hasBinary(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(hasBinary);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasBinary);
  return false;
}

/** JSON.stringify calls Buffer#toJSON before the replacer, so look at the holder's raw value. */
function binaryReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array)
    return BINARY_PREFIX + Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('base64');
  return value;
}

function stringify(value: unknown): string {
  return hasBinary(value) ? JSON.stringify(value, binaryReplacer) : JSON.stringify(value);
}

function reviveBinary(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(BINARY_PREFIX)) return value;
    const bytes = Buffer.from(value.slice(1), 'base64');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  }
  if (Array.isArray(value)) return value.map(reviveBinary);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = reviveBinary(item);
    return out;
  }
  return value;
}

/** Creates the wamp.2.json serializer. */
export function createJsonSerializer(): Serializer {
  return {
    name: 'json',
    binary: false,
    encode: (message) => stringify(message),
    decode(data: MessageData): DecodeResult {
      if (typeof data !== 'string') return { ok: false, reason: 'wamp.2.json requires text frames' };
      try {
        const value: unknown = JSON.parse(data);
        // JSON text cannot hold a raw NUL inside a string: only the escape can start a binary value.
        return { ok: true, value: data.includes('\\u0000') ? reviveBinary(value) : value };
      } catch (error) {
        return { ok: false, reason: reasonOf(error) };
      }
    },
    encodeTail(elements): EncodedTail {
      return { count: elements.length, body: stringify(elements).slice(1, -1) };
    },
    encodeWithTail(code, id, tail): MessageData {
      return tail.count === 0 ? `[${code},${id}]` : `[${code},${id},${tail.body as string}]`;
    },
  };
}
