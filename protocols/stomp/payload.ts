/**
 * Payload mapping between STOMP bodies and the router's canonical message (DESIGN.md "Messages
 * across protocols"). Inbound: `application/json` → `args: [parsed]`, `text/*` → `args: [string]`,
 * anything else → `args: [bytes]`. Outbound: one argument and no kwargs → a body of that value;
 * otherwise a JSON body `{"args": [...], "kwargs": {...}}`.
 */
import type { RoutedMessage } from '../../src/plugin/index.js';
import { type EncodedBody, encodeBody } from './serializer.js';

export interface DecodedPayload {
  readonly args?: readonly unknown[];
  readonly contentType?: string;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const TEXT_TYPE = /^text\//i;
const CHARSET = /;\s*charset=["']?([\w-]+)["']?/i;

/** Turns a SEND body into router payload, or returns why it cannot. */
export function decodeBody(body: Uint8Array, contentType: string | undefined): DecodedPayload | { error: string } {
  if (contentType === undefined) {
    // STOMP 1.2: without a content-type the body is a binary blob.
    return body.length === 0 ? {} : { args: [body.slice()] };
  }
  if (JSON_TYPE.test(contentType)) {
    try {
      return { args: [JSON.parse(new TextDecoder().decode(body))], contentType };
    } catch {
      return { error: 'Body is not valid JSON although content-type says application/json' };
    }
  }
  if (TEXT_TYPE.test(contentType)) return { args: [decodeText(body, contentType)], contentType };
  return { args: [body.slice()], contentType };
}

/** STOMP 1.2: text/* is UTF-8 unless a charset parameter says otherwise. */
function decodeText(body: Uint8Array, contentType: string): string {
  const charset = CHARSET.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder().decode(body);
  }
}

/** A message body encoded once for every STOMP subscriber. */
export interface OutboundBody {
  readonly body: EncodedBody;
  readonly contentType: string | undefined;
}

const EMPTY: OutboundBody = { body: encodeBody(new Uint8Array(0)), contentType: undefined };

/** Encodes a routed message's payload as a STOMP body. */
export function encodePayload(message: RoutedMessage): OutboundBody {
  const args = message.args ?? [];
  const hasKwargs = message.kwargs !== undefined && Object.keys(message.kwargs).length > 0;
  if (args.length === 0 && !hasKwargs) return EMPTY;
  if (args.length === 1 && !hasKwargs) {
    const [value] = args;
    if (typeof value === 'string') return { body: encodeBody(value), contentType: textType(message.contentType) };
    if (value instanceof Uint8Array) {
      return { body: encodeBody(value), contentType: message.contentType ?? 'application/octet-stream' };
    }
    const type =
      message.contentType !== undefined && JSON_TYPE.test(message.contentType) ? message.contentType : undefined;
    return { body: encodeBody(toJson(value)), contentType: type ?? 'application/json' };
  }
  const envelope = hasKwargs ? { args, kwargs: message.kwargs } : { args };
  return { body: encodeBody(toJson(envelope)), contentType: 'application/json' };
}

/**
 * The content type of a text body. Text is always sent as UTF-8, so a `text/*` type keeps its
 * media type with the charset rewritten to utf-8 (a latin-1 SEND is decoded once, then re-encoded);
 * a non-text type (a string published with `application/json`, say) becomes `text/plain`.
 */
function textType(contentType: string | undefined): string {
  if (contentType === undefined || !TEXT_TYPE.test(contentType)) return 'text/plain';
  const charset = CHARSET.exec(contentType);
  if (charset === null || /^utf-?8$/i.test(charset[1] ?? '')) return contentType;
  return contentType.replace(CHARSET, ';charset=utf-8');
}

/** JSON with binary values as WAMP JSON carries them: "\u0000" + base64. */
export function toJson(value: unknown): string {
  // `this[key]` is the value before toJSON, which Buffer has and Uint8Array has not.
  const replacer = function (this: Record<string, unknown>, key: string, item: unknown): unknown {
    const raw = this[key];
    return raw instanceof Uint8Array ? `\u0000${Buffer.from(raw).toString('base64')}` : item;
  };
  return JSON.stringify(value, replacer) ?? 'null';
}

/** Caches encoded bodies per message so a publish is encoded once, not once per subscriber. */
export function createBodyCache(): (message: RoutedMessage) => OutboundBody {
  const cache = new WeakMap<RoutedMessage, OutboundBody>();
  return (message) => {
    let encoded = cache.get(message);
    if (encoded === undefined) {
      encoded = encodePayload(message);
      cache.set(message, encoded);
    }
    return encoded;
  };
}
