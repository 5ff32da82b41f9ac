/** The serializers by WAMP subprotocol token. */
import { createCborSerializer } from './cbor.js';
import { createJsonSerializer } from './json.js';
import { createMsgpackSerializer } from './msgpack.js';
import type { Serializer } from './serializer.js';

export type { DecodeResult, EncodedTail, Serializer } from './serializer.js';

/** WAMP subprotocol tokens Junction speaks, in server preference order. */
export const WAMP_TOKENS = ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor'] as const;
export type WampToken = (typeof WAMP_TOKENS)[number];

/** One serializer per token; serializers are stateless between messages and shared by sessions. */
export function createSerializers(): ReadonlyMap<string, Serializer> {
  return new Map<string, Serializer>([
    ['wamp.2.json', createJsonSerializer()],
    ['wamp.2.msgpack', createMsgpackSerializer()],
    ['wamp.2.cbor', createCborSerializer()],
  ]);
}
