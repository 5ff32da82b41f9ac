/** The one interface every WAMP serializer implements (wamp.2.json, wamp.2.msgpack, wamp.2.cbor). */
import type { MessageData } from '../../../src/plugin/index.js';

/** A decoded WebSocket message, or why it could not be decoded. */
export type DecodeResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string; readonly tooDeep?: true };

/**
 * The encoded elements of a message after its first two, computed once and spliced after a
 * varying head (EVENT: everything after the subscription id is the same for every receiver).
 */
export interface EncodedTail {
  readonly count: number;
  readonly body: string | Uint8Array;
}

export interface Serializer {
  /** Short serializer name, as in the token `wamp.2.<name>`. */
  readonly name: 'json' | 'msgpack' | 'cbor';
  /** True when the serializer uses binary WebSocket frames (WAMP BB: json text, msgpack/cbor binary). */
  readonly binary: boolean;
  /** Encodes one WAMP message (a list); binary values are Uint8Array. */
  encode(message: readonly unknown[]): MessageData;
  /**
   * Decodes one WebSocket message; never throws. A message whose arrays and objects nest deeper
   * than `maxDepth` is refused (`tooDeep`) before it is decoded.
   */
  decode(data: MessageData, maxDepth?: number): DecodeResult;
  /** Encodes the tail of a message (every element after the first two) once. */
  encodeTail(elements: readonly unknown[]): EncodedTail;
  /** Encodes `[code, id, ...tail]` reusing an already encoded tail. */
  encodeWithTail(code: number, id: number, tail: EncodedTail): MessageData;
}

/** The refusal of a message nested deeper than `maxDepth`. */
export function tooDeep(maxDepth: number): DecodeResult {
  return { ok: false, reason: `message nested deeper than ${maxDepth} levels`, tooDeep: true };
}

/** Error text of an unknown thrown value, for decode diagnostics. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
