/**
 * Envelopes sent to the same channel one after another go out as one message: a MessagePack
 * array of the envelopes, in one PUBLISH at the end of the turn (a microtask, before the Redis
 * client's own write in setImmediate). At fan-out or RPC rates this turns a PUBLISH, a reply to
 * wait for, and a pub/sub push to parse on every receiving node per message into one per batch
 * (issue 13 point 6). A lone envelope is sent bare, as before batching.
 *
 * Order is kept: an envelope for another channel first sends the batch before it, so the
 * service still sees every envelope in send order (the engine relies on that: a goodbye on the
 * control channel before the cancels on the nodes' channels).
 */
import type { PubSubBackend } from './backend.js';

/** A batch this big (bytes) is sent at once rather than at the end of the turn. */
const MAX_BATCH_BYTES = 256 * 1024;
/** Room before the first envelope for the array header (array32: 0xdd and four bytes). */
const HEADER_ROOM = 5;

export class PublishBatch {
  readonly #backend: PubSubBackend;
  #buffer = new Uint8Array(64 * 1024);
  #end = HEADER_ROOM;
  #count = 0;
  #channel: string | undefined;
  /** Settles with the batch's PUBLISH; shared by every envelope in the batch. */
  #sent: Promise<unknown> | undefined;
  #settle: ((published: Promise<unknown>) => void) | undefined;
  #scheduled = false;
  readonly #flush = () => {
    this.#scheduled = false;
    this.flush();
  };

  constructor(backend: PubSubBackend) {
    this.#backend = backend;
  }

  /**
   * Adds one encoded envelope (copied: `bytes` may be the encoder's shared buffer). The promise
   * settles when the service took (or refused) the message that carries it.
   */
  add(channel: string, bytes: Uint8Array): Promise<unknown> {
    if (this.#count > 0 && (channel !== this.#channel || this.#end + bytes.length > MAX_BATCH_BYTES)) this.flush();
    if (this.#count === 0) {
      this.#channel = channel;
      this.#sent = new Promise((resolve) => {
        this.#settle = resolve;
      });
    }
    this.#append(bytes);
    this.#count++;
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
    return this.#sent as Promise<unknown>;
  }

  /** Sends one envelope in a message of its own, now (after what waits, to keep the order). */
  addAlone(channel: string, bytes: Uint8Array): Promise<unknown> {
    this.flush();
    const sent = this.add(channel, bytes);
    this.flush();
    return sent;
  }

  /** Sends what is waiting now. */
  flush(): void {
    if (this.#count === 0) return;
    const start = this.#count === 1 ? HEADER_ROOM : writeArrayHeader(this.#buffer, this.#count);
    const message = Buffer.from(this.#buffer.subarray(start, this.#end));
    const channel = this.#channel as string;
    const settle = this.#settle as (published: Promise<unknown>) => void;
    this.#count = 0;
    this.#end = HEADER_ROOM;
    this.#channel = undefined;
    this.#sent = undefined;
    this.#settle = undefined;
    let published: Promise<unknown>;
    try {
      published = this.#backend.publish(channel, message);
    } catch (err) {
      published = Promise.reject(err);
    }
    settle(published);
  }

  #append(bytes: Uint8Array): void {
    const needed = this.#end + bytes.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#end));
      this.#buffer = grown;
    }
    this.#buffer.set(bytes, this.#end);
    this.#end = needed;
  }
}

/** Writes a MessagePack array header of `count` items just before HEADER_ROOM; returns its start. */
function writeArrayHeader(buffer: Uint8Array, count: number): number {
  if (count < 16) {
    buffer[HEADER_ROOM - 1] = 0x90 | count;
    return HEADER_ROOM - 1;
  }
  if (count < 0x10000) {
    buffer[HEADER_ROOM - 3] = 0xdc;
    buffer[HEADER_ROOM - 2] = count >>> 8;
    buffer[HEADER_ROOM - 1] = count & 0xff;
    return HEADER_ROOM - 3;
  }
  buffer[0] = 0xdd;
  new DataView(buffer.buffer, buffer.byteOffset).setUint32(1, count);
  return 0;
}

/**
 * One failure handler per batch: the envelopes of a batch share its promise (`add`), so a sender
 * that would attach a handler to each (a promise and a closure per message) attaches one to the
 * first envelope of each batch instead. `onFailure` hears the batch's promise and its reason.
 */
export class BatchFailures {
  readonly #onFailure: (sent: Promise<unknown>, err: unknown) => void;
  #watched: Promise<unknown> | undefined;

  constructor(onFailure: (sent: Promise<unknown>, err: unknown) => void) {
    this.#onFailure = onFailure;
  }

  watch(sent: Promise<unknown>): void {
    if (sent === this.#watched) return;
    this.#watched = sent;
    sent.catch((err: unknown) => this.#onFailure(sent, err));
  }
}
