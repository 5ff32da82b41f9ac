/**
 * wamp.2.json: text frames. Binary values travel as a string "\u0000" + base64 in both
 * directions (WAMP Advanced Profile, binary support in JSON; the plugin API's binary helpers).
 */
import { jsonNestsDeeper, type MessageData, reviveBinary, stringifyWithBinary } from '../../../src/plugin/index.js';
import { type DecodeResult, type EncodedTail, reasonOf, type Serializer, tooDeep } from './serializer.js';

/** Creates the wamp.2.json serializer. */
export function createJsonSerializer(): Serializer {
  return {
    name: 'json',
    binary: false,
    encode: (message) => stringifyWithBinary(message),
    decode(data: MessageData, maxDepth = Number.POSITIVE_INFINITY): DecodeResult {
      if (typeof data !== 'string') return { ok: false, reason: 'wamp.2.json requires text frames' };
      if (jsonNestsDeeper(data, maxDepth)) return tooDeep(maxDepth);
      try {
        const value: unknown = JSON.parse(data);
        // JSON text cannot hold a raw NUL inside a string: only the escape can start a binary value.
        return { ok: true, value: data.includes('\\u0000') ? reviveBinary(value) : value };
      } catch (error) {
        return { ok: false, reason: reasonOf(error) };
      }
    },
    encodeTail(elements): EncodedTail {
      return { count: elements.length, body: stringifyWithBinary(elements).slice(1, -1) };
    },
    encodeWithTail(code, id, tail): MessageData {
      return tail.count === 0 ? `[${code},${id}]` : `[${code},${id},${tail.body as string}]`;
    },
  };
}
