/** wamp.2.msgpack: binary frames, MessagePack v5 (str and bin distinct; WAMP BB). */
import { Decoder, Encoder, ExtensionCodec } from '@msgpack/msgpack';
import type { MessageData } from '../../../src/plugin/index.js';
import { arrayBody, msgpackArrays, spliceArray } from './binary-array.js';
import { msgpackNestsDeeper } from './binary-depth.js';
import { type DecodeResult, type EncodedTail, reasonOf, type Serializer, tooDeep } from './serializer.js';

/** Creates the wamp.2.msgpack serializer. */
export function createMsgpackSerializer(): Serializer {
  const encoder = new Encoder({ ignoreUndefined: true });
  // msgpackr-based clients (wampy) write `undefined` as extension type 0: read it back as undefined.
  const extensionCodec = new ExtensionCodec();
  extensionCodec.register({ type: 0, encode: () => null, decode: () => undefined });
  const decoder = new Decoder({ extensionCodec });
  const encode = (value: unknown): Uint8Array => encoder.encode(value);
  return {
    name: 'msgpack',
    binary: true,
    encode,
    decode(data: MessageData, maxDepth = Number.POSITIVE_INFINITY): DecodeResult {
      if (typeof data === 'string') return { ok: false, reason: 'wamp.2.msgpack requires binary frames' };
      if (msgpackNestsDeeper(data, maxDepth)) return tooDeep(maxDepth);
      try {
        return { ok: true, value: decoder.decode(data) };
      } catch (error) {
        return { ok: false, reason: reasonOf(error) };
      }
    },
    encodeTail(elements): EncodedTail {
      return { count: elements.length, body: arrayBody(msgpackArrays, encode(elements)) };
    },
    encodeWithTail(code, id, tail): MessageData {
      return spliceArray(msgpackArrays, arrayBody(msgpackArrays, encode([code, id])), 2, tail);
    },
  };
}
