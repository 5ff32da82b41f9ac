/**
 * Payload mapping between STOMP bodies and the router's canonical message (DESIGN.md "Messages
 * across protocols"). Inbound: `application/json` → `args: [parsed]`, `text/*` → `args: [string]`,
 * anything else → `args: [bytes]`. Outbound: one argument and no kwargs → a body of that value;
 * otherwise a JSON body `{"args": [...], "kwargs": {...}}` (the plugin API's one-value rule), with
 * nested bytes as WAMP JSON writes them.
 */
import {
  charsetOf,
  isJsonType,
  isTextType,
  jsonNestsDeeper,
  payloadShape,
  type RoutedMessage,
  stringifyWithBinary,
  toOneValue,
  withCharset,
} from '../../src/plugin/index.js';
import { type EncodedBody, encodeBody } from './serializer.js';

export interface DecodedPayload {
  readonly args?: readonly unknown[];
  readonly contentType?: string;
}

/**
 * Turns a SEND body into router payload, or returns why it cannot. A JSON body whose arrays and
 * objects nest deeper than `maxDepth` (`limits.maxDepth`) is refused before it is parsed.
 */
export function decodeBody(
  body: Uint8Array,
  contentType: string | undefined,
  maxDepth = Number.POSITIVE_INFINITY,
): DecodedPayload | { error: string; tooDeep?: true } {
  if (contentType === undefined) {
    // STOMP 1.2: without a content-type the body is a binary blob.
    return body.length === 0 ? {} : { args: [body.slice()] };
  }
  if (isJsonType(contentType)) {
    const text = utf8.decode(body);
    if (jsonNestsDeeper(text, maxDepth))
      return { error: `JSON body nested deeper than ${maxDepth} levels`, tooDeep: true };
    try {
      return { args: [JSON.parse(text)], contentType };
    } catch {
      return { error: 'Body is not valid JSON although content-type says application/json' };
    }
  }
  if (isTextType(contentType)) return { args: [decodeText(body, contentType)], contentType };
  return { args: [body.slice()], contentType };
}

/** One decoder for UTF-8, the usual case: `decode` without `stream` keeps no state between calls (issue 13: a decoder per SEND). */
const utf8 = new TextDecoder();
const UTF8_LABEL = /^utf-?8$/i;

/** STOMP 1.2: text/* is UTF-8 unless a charset parameter says otherwise. */
function decodeText(body: Uint8Array, contentType: string): string {
  const charset = charsetOf(contentType);
  if (charset === undefined || UTF8_LABEL.test(charset)) return utf8.decode(body);
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return utf8.decode(body);
  }
}

/** A message body encoded once for every STOMP subscriber. */
export interface OutboundBody {
  readonly body: EncodedBody;
  readonly contentType: string | undefined;
}

const EMPTY: OutboundBody = { body: encodeBody(new Uint8Array(0)), contentType: undefined };

/** Encodes a routed message's payload as a STOMP body (the one-value rule, default variant). */
export function encodePayload(message: RoutedMessage): OutboundBody {
  const shape = payloadShape(message);
  if (shape.kind === 'empty') return EMPTY;
  if (shape.kind === 'several') {
    return { body: encodeBody(stringifyWithBinary(toOneValue(message))), contentType: 'application/json' };
  }
  const { value } = shape;
  if (typeof value === 'string') return { body: encodeBody(value), contentType: textType(message.contentType) };
  if (value instanceof Uint8Array) {
    return { body: encodeBody(value), contentType: message.contentType ?? 'application/octet-stream' };
  }
  const type = isJsonType(message.contentType) ? message.contentType : 'application/json';
  return { body: encodeBody(stringifyWithBinary(value)), contentType: type };
}

/**
 * The content type of a text body. Text is always sent as UTF-8, so a `text/*` type keeps its
 * media type with the charset rewritten to utf-8 (a latin-1 SEND is decoded once, then re-encoded);
 * a non-text type (a string published with `application/json`, say) becomes `text/plain`.
 */
function textType(contentType: string | undefined): string {
  if (!isTextType(contentType)) return 'text/plain';
  const charset = charsetOf(contentType);
  if (charset === undefined || /^utf-?8$/i.test(charset)) return contentType;
  return withCharset(contentType, 'utf-8');
}
