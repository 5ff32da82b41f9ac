/**
 * Auto-ack topic MESSAGEs of one routed message: every receiver's frame is the same but for its
 * `subscription` header (the message-id names the publication), so the headers and body are
 * built once per message and each receiver's escaped id is spliced in between (issue 13,
 * fan-out): no header building, escaping or lookups per receiver. Receivers that share an id in a
 * row (stompjs names the first subscription of every client `sub-0`) share one Buffer.
 */
import { escapeHeader, flattenHeader } from './escape.js';
import type { StompVersion } from './frame.js';
import type { EncodedBody } from './serializer.js';

const encoder = new TextEncoder();

/** A subscription id as a MESSAGE header carries it: escaped for the version, and its UTF-8 bytes. */
export interface WireSubscriptionId {
  readonly text: string;
  readonly bytes: Uint8Array;
}

/** Made once per subscription, at its first delivery. */
export function wireSubscriptionId(id: string, version: StompVersion): WireSubscriptionId {
  // STOMP 1.0 has no escapes: a line break would end the header, so it becomes a space.
  const text = version === '1.0' ? flattenHeader(id) : escapeHeader(id, version);
  return { text, bytes: Buffer.from(text) };
}

/**
 * The frames of one message for one version. `data` is the frame of the receiver last asked for
 * (`select`): read it before the next call.
 */
export interface TopicFrames {
  readonly version: StompVersion;
  /** Sent as a binary WebSocket message: the body is not valid UTF-8. */
  readonly binary: boolean;
  readonly data: Buffer | string;
  /** The frame for a receiver whose subscription carries `id`. */
  select(id: WireSubscriptionId): TopicFrames;
}

/**
 * `head` ends with `subscription:`; `rest` starts with the newline that ends that header and holds
 * the shared headers and the blank line; the body and the NUL follow. Built for the first receiver.
 */
export function createTopicFrames(
  version: StompVersion,
  head: string,
  id: WireSubscriptionId,
  rest: string,
  body: EncodedBody,
): TopicFrames {
  if (body.text !== undefined) return new TextTopicFrames(version, head, id, `${rest}${body.text}\0`);
  return new BinaryTopicFrames(version, head, id, rest, body.bytes);
}

/**
 * A text frame is spliced as a string: the concatenation is a rope, and ws writes a string as it
 * is (the socket encodes it into its write buffer), so a receiver costs no Buffer of its own. A
 * frame that two receivers in a row share becomes a Buffer, written to each socket with no encoding.
 */
class TextTopicFrames implements TopicFrames {
  readonly version: StompVersion;
  readonly binary = false;
  data: Buffer | string;
  readonly #head: string;
  readonly #tail: string;
  #subscription: string;

  constructor(version: StompVersion, head: string, id: WireSubscriptionId, tail: string) {
    this.version = version;
    this.#head = head;
    this.#tail = tail;
    this.#subscription = id.text;
    this.data = `${head}${id.text}${tail}`;
  }

  select(id: WireSubscriptionId): this {
    if (id.text !== this.#subscription) {
      this.data = this.#head + id.text + this.#tail;
      this.#subscription = id.text;
    } else if (typeof this.data === 'string') {
      this.data = Buffer.from(this.data);
    }
    return this;
  }
}

/** A binary frame: the first receiver's bytes, copied with each other id spliced in. */
class BinaryTopicFrames implements TopicFrames {
  readonly version: StompVersion;
  readonly binary = true;
  data: Buffer;
  /** Everything before the subscription id, and everything after it, as views of the first frame. */
  readonly #head: Buffer;
  readonly #tail: Buffer;
  #subscription: string;

  constructor(version: StompVersion, head: string, id: WireSubscriptionId, rest: string, body: Uint8Array) {
    this.version = version;
    const headers = encoder.encode(`${head}${id.text}${rest}`);
    const first = Buffer.allocUnsafe(headers.byteLength + body.byteLength + 1);
    first.set(headers, 0);
    first.set(body, headers.byteLength);
    first[first.byteLength - 1] = 0;
    const headLength = Buffer.byteLength(head);
    this.data = first;
    this.#head = first.subarray(0, headLength);
    this.#tail = first.subarray(headLength + id.bytes.byteLength);
    this.#subscription = id.text;
  }

  select(id: WireSubscriptionId): this {
    if (id.text === this.#subscription) return this;
    const head = this.#head;
    const out = Buffer.allocUnsafe(head.byteLength + id.bytes.byteLength + this.#tail.byteLength);
    out.set(head, 0);
    out.set(id.bytes, head.byteLength);
    out.set(this.#tail, head.byteLength + id.bytes.byteLength);
    this.data = out;
    this.#subscription = id.text;
    return this;
  }
}
