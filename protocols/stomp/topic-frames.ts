/**
 * Auto-ack topic MESSAGEs of one routed message: every receiver's frame is the same but for its
 * `subscription` header (the message-id names the publication), so the frame is encoded once per
 * message and each receiver's escaped id is spliced into a copy of its bytes (issue 13, fan-out):
 * per receiver one Buffer and three byte copies, no header building, escaping, UTF-8 encoding or
 * lookups. Receivers that share an id in a row (stompjs names the first subscription of every
 * client `sub-0`) share one Buffer.
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
  readonly data: Buffer;
  /**
   * The same frame as the byte ranges it is made of, for a connection that writes them in a row
   * (`Connection.sendParts`): no copy per receiver.
   */
  readonly parts: readonly Uint8Array[];
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
  return new SplicedFrames(version, head, id, rest, body);
}

/**
 * The first receiver's frame is encoded whole; another id gets a copy of its bytes with that id in
 * place of the first. Buffers rather than strings spliced as ropes: frames wait in the sockets'
 * write queues while a fan-out outruns its readers, and a Buffer's bytes lie outside the JS heap,
 * which the garbage collector then does not copy (issue 13 profile: GC was the largest cost of the
 * 100 x 2000 fan-out); the socket also writes Buffers without encoding them.
 */
class SplicedFrames implements TopicFrames {
  readonly version: StompVersion;
  readonly binary: boolean;
  readonly #first: Buffer;
  /** The first receiver's frame as one part. */
  readonly #whole: readonly Uint8Array[];
  readonly #firstId: string;
  /** The head as text, until a second id asks for the views. */
  #headText: string | undefined;
  readonly #firstIdLength: number;
  /** Views of the first frame before and after its id, made once a second id asks (most messages have one receiver). */
  #head: Buffer | undefined;
  #tail: Buffer | undefined;
  /** The selected receiver's id when it is not the first's. */
  #selected: WireSubscriptionId | undefined;
  /** Its frame as one Buffer, made only when `data` is read (receivers in a row with one id share it). */
  #copy: Buffer | undefined;

  constructor(version: StompVersion, head: string, id: WireSubscriptionId, rest: string, body: EncodedBody) {
    this.version = version;
    this.binary = body.text === undefined;
    this.#first = wholeFrame(`${head}${id.text}${rest}`, body);
    this.#whole = [this.#first];
    this.#firstId = id.text;
    this.#headText = head;
    this.#firstIdLength = id.bytes.byteLength;
  }

  select(id: WireSubscriptionId): this {
    if (id.text === this.#firstId) this.#selected = undefined;
    else if (this.#selected?.text !== id.text) {
      this.#selected = id;
      this.#copy = undefined;
    }
    return this;
  }

  get parts(): readonly Uint8Array[] {
    const id = this.#selected;
    if (id === undefined) return this.#whole;
    if (this.#head === undefined || this.#tail === undefined) {
      const headLength = Buffer.byteLength(this.#headText ?? '');
      this.#head = this.#first.subarray(0, headLength);
      this.#tail = this.#first.subarray(headLength + this.#firstIdLength);
      this.#headText = undefined;
    }
    return [this.#head, id.bytes, this.#tail];
  }

  get data(): Buffer {
    if (this.#selected === undefined) return this.#first;
    if (this.#copy === undefined) this.#copy = Buffer.concat(this.parts as Uint8Array[]);
    return this.#copy;
  }
}

/** The whole frame as bytes, the body copied after the headers, then the NUL. */
function wholeFrame(headers: string, body: EncodedBody): Buffer {
  if (body.text !== undefined) return Buffer.from(`${headers}${body.text}\0`);
  const headBytes = encoder.encode(headers);
  const out = Buffer.allocUnsafe(headBytes.byteLength + body.bytes.byteLength + 1);
  out.set(headBytes, 0);
  out.set(body.bytes, headBytes.byteLength);
  out[out.byteLength - 1] = 0;
  return out;
}
