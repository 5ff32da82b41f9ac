/**
 * Frame serialization and the choice of WebSocket opcode: a frame goes out as a text message when
 * all of it is valid UTF-8 and as a binary message otherwise, because browsers reject text frames
 * that are not UTF-8 (stomp-js/rx-stomp#469).
 */
import { isUtf8 } from 'node:buffer';
import { escapeHeader, escapesHeaders, flattenHeader } from './escape.js';
import type { Frame, HeaderList, StompVersion } from './frame.js';

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

/** A body encoded once and reused for every frame that carries it. */
/** A body as text (valid UTF-8) or as bytes, with its length in octets either way. */
export type EncodedBody =
  | { readonly text: string; readonly byteLength: number }
  | { readonly text: undefined; readonly bytes: Uint8Array; readonly byteLength: number };

/** Encodes a body once: keeps the string form when the bytes are valid UTF-8. */
export function encodeBody(body: Uint8Array | string): EncodedBody {
  // A text body is never encoded here: ws writes the frame's UTF-8 once, on the way out.
  if (typeof body === 'string') return { text: body, byteLength: Buffer.byteLength(body) };
  if (isUtf8(body)) return { text: utf8.decode(body), byteLength: body.byteLength };
  return { text: undefined, bytes: body, byteLength: body.byteLength };
}

/**
 * The command line, the headers and the blank line, escaped for `version`. `content-length` is
 * added from `bodyLength` when positive (STOMP 1.2: it counts octets, not characters); any
 * content-length in `headers` is dropped.
 */
export function headerBlock(command: string, headers: HeaderList, version: StompVersion, bodyLength = 0): string {
  const escaped = escapesHeaders(command, version);
  let text = `${command}\n`;
  for (const [name, value] of headers) {
    if (name === 'content-length') continue;
    text += escaped
      ? `${escapeHeader(name, version)}:${escapeHeader(value, version)}\n`
      : `${flattenHeader(name, true)}:${flattenHeader(value)}\n`;
  }
  if (bodyLength > 0) text += `content-length:${bodyLength}\n`;
  return `${text}\n`;
}

/** The whole frame as a WebSocket message: text when valid UTF-8, binary otherwise. */
export function frameMessage(head: string, body: EncodedBody): string | Uint8Array {
  if (body.text !== undefined) return `${head}${body.text}\0`;
  const headBytes = encoder.encode(head);
  const out = new Uint8Array(headBytes.length + body.bytes.length + 1);
  out.set(headBytes, 0);
  out.set(body.bytes, headBytes.length);
  return out;
}

/** Serializes a frame to a WebSocket message for `version`. */
export function serializeFrame(frame: Frame, version: StompVersion): string | Uint8Array {
  const body = encodeBody(frame.body);
  return frameMessage(headerBlock(frame.command, frame.headers, version, frame.body.length), body);
}

/** Serializes a frame to bytes (for byte streams such as TCP, and for tests). */
export function serializeFrameBytes(frame: Frame, version: StompVersion): Uint8Array {
  const message = serializeFrame(frame, version);
  return typeof message === 'string' ? encoder.encode(message) : message;
}
