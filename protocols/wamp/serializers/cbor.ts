/** wamp.2.cbor: binary frames, CBOR (RFC 8949) with byte strings for binary values. */
import { Decoder, Encoder } from 'cbor-x';
import type { MessageData } from '../../../src/plugin/index.js';
import { arrayBody, cborArrays, spliceArray } from './binary-array.js';
import { cborNestsDeeper } from './binary-depth.js';
import { type DecodeResult, type EncodedTail, reasonOf, type Serializer, tooDeep } from './serializer.js';

/** Creates the wamp.2.cbor serializer. */
export function createCborSerializer(): Serializer {
  // Plain CBOR only: no cbor-x record extension, no typed-array tags (other clients cannot read them).
  const options = {
    useRecords: false,
    mapsAsObjects: true,
    tagUint8Array: false,
    variableMapSize: true,
    // WAMP ids reach 2^53: decode 64-bit integers as numbers, not bigint.
    int64AsNumber: true,
  } as const;
  const encoder = new Encoder(options);
  const decoder = new Decoder(options);
  const encode = (value: unknown): Uint8Array => encoder.encode(value);
  return {
    name: 'cbor',
    binary: true,
    encode,
    decode(data: MessageData, maxDepth = Number.POSITIVE_INFINITY): DecodeResult {
      if (typeof data === 'string') return { ok: false, reason: 'wamp.2.cbor requires binary frames' };
      if (cborNestsDeeper(data, maxDepth)) return tooDeep(maxDepth);
      try {
        return { ok: true, value: decoder.decode(data) };
      } catch (error) {
        return { ok: false, reason: reasonOf(error) };
      }
    },
    encodeTail(elements): EncodedTail {
      return { count: elements.length, body: arrayBody(cborArrays, encode(elements)) };
    },
    encodeWithTail(code, id, tail): MessageData {
      return spliceArray(cborArrays, arrayBody(cborArrays, encode([code, id])), 2, tail);
    },
  };
}
