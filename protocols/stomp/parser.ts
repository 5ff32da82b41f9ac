/**
 * The streaming STOMP frame parser: a byte state machine over the STOMP 1.2 grammar
 *
 *   frame   = command EOL *(header EOL) EOL *OCTET NULL *(EOL)
 *   EOL     = [CR] LF
 *   header  = header-name ":" header-value
 *
 * Input arrives in arbitrary chunks (one frame may span several WebSocket messages and one message
 * may hold several frames and heart-beat EOLs). Between frames, EOLs and stray NULs are skipped, as
 * RabbitMQ does. The parser never throws on input: every problem is returned as a FrameError,
 * after which the parser stays failed.
 */
import { escapesHeaders, unescapeHeader } from './escape.js';
import type { Frame, FrameError, StompVersion } from './frame.js';

/** Bounds on one frame; a breach is a FrameError naming the limit. */
export interface ParserLimits {
  /** Bytes of command, headers and body together. */
  readonly maxFrameSize: number;
  readonly maxHeaders: number;
  /** Bytes of one header line. */
  readonly maxHeaderLength: number;
}

export type ParseEvent =
  | { readonly frame: Frame; readonly error?: undefined }
  | { readonly frame?: undefined; readonly error: FrameError };

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BACKSLASH = 0x5c;
/** The longest command is UNSUBSCRIBE; anything much longer is not STOMP. */
const MAX_COMMAND_LENGTH = 32;
const COMMAND_PATTERN = /^[A-Z]+$/;

const State = { COMMAND: 0, HEADERS: 1, BODY: 2, NUL: 3, FAILED: 4 } as const;
type State = (typeof State)[keyof typeof State];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reassembles frames from a byte stream. Feed with `push`, drain with `next`. */
export class FrameParser {
  /** Version whose escaping rules apply to frames after CONNECT. */
  version: StompVersion = '1.2';
  limits: ParserLimits;

  /** The chunk being read, and those received after it (made when a second one waits). */
  #chunk: Buffer | undefined;
  #queued: Buffer[] | undefined;
  #offset = 0;
  #state: State = State.COMMAND;
  #parts: Uint8Array[] = [];
  #partsLength = 0;
  #frameBytes = 0;
  #command = '';
  #headers: [string, string][] = [];
  #contentLength: number | undefined;
  #contentLengthSeen = false;
  /** A body that lay whole in its chunk: a view of it, not accumulated in #parts. */
  #body: Buffer | undefined;

  constructor(limits: ParserLimits) {
    this.limits = limits;
  }

  /** Bytes received and not yet consumed by `next`. */
  get pendingBytes(): number {
    let total = (this.#chunk?.length ?? 0) - this.#offset;
    for (const chunk of this.#queued ?? []) total += chunk.length;
    return total;
  }

  /** Appends received bytes. */
  push(data: Uint8Array): void {
    if (data.length === 0 || this.#state === State.FAILED) return;
    // A Buffer view of any Uint8Array: its lines decode with toString, no copy.
    const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // No array for the usual single chunk: one frame per WebSocket message (issue 13).
    if (this.#chunk === undefined) this.#chunk = chunk;
    else if (this.#queued === undefined) this.#queued = [chunk];
    else this.#queued.push(chunk);
  }

  /** The next complete frame or error, or undefined when more bytes are needed. */
  next(): ParseEvent | undefined {
    while (this.#state !== State.FAILED) {
      const chunk = this.#chunk;
      if (chunk === undefined) return undefined;
      if (this.#offset >= chunk.length) {
        this.#chunk = this.#queued?.shift();
        this.#offset = 0;
        // Drained: no array kept, so an idle connection does not hold a grown one (issue 13).
        if (this.#queued?.length === 0) this.#queued = undefined;
        continue;
      }
      const event = this.#step(chunk);
      if (event !== undefined) return event;
    }
    return undefined;
  }

  #step(chunk: Buffer): ParseEvent | undefined {
    switch (this.#state) {
      case State.COMMAND:
        return this.#readCommand(chunk);
      case State.HEADERS:
        return this.#readHeader(chunk);
      case State.BODY:
        return this.#contentLength === undefined ? this.#readBodyToNul(chunk) : this.#readSizedBody(chunk);
      default:
        return this.#readNul(chunk);
    }
  }

  #readCommand(chunk: Buffer): ParseEvent | undefined {
    if (this.#partsLength === 0) {
      // STOMP 1.2: any number of EOLs may separate frames (heart-beats). Stray NULs are skipped
      // too, as RabbitMQ does (clients send an extra NUL after a frame); any other octet is an error.
      while (this.#offset < chunk.length && isBetweenFrames(chunk[this.#offset] as number)) this.#offset++;
      if (this.#offset >= chunk.length) return undefined;
    }
    if (!isCommandPrefix(chunk, this.#offset)) return this.#fail({ message: 'Not a STOMP frame: invalid command' });
    if (this.#partsLength === 0) {
      const head = this.#headInChunk(chunk);
      if (head !== false) return head;
    }
    const line = this.#readLine(chunk, MAX_COMMAND_LENGTH);
    if (line === undefined || typeof line !== 'string') return line;
    if (!COMMAND_PATTERN.test(line)) return this.#fail({ message: 'Not a STOMP frame: invalid command' });
    this.#command = line;
    this.#state = State.HEADERS;
    return undefined;
  }

  /**
   * The usual case, a frame whose command and headers lie whole in this chunk, in ASCII and within
   * every limit: one scan finds where they end, one toString decodes them all, and they are cut
   * into lines as a string (issue 13: a decode per line was most of the parser's cost in
   * many-to-many). False for any other frame, which the line by line path reads instead, failing
   * as it does.
   */
  #headInChunk(chunk: Buffer): ParseEvent | undefined | false {
    const start = this.#offset;
    const { maxHeaders, maxHeaderLength, maxFrameSize } = this.limits;
    const stop = Math.min(chunk.length, start + maxFrameSize);
    let lineStart = start;
    let lines = 0;
    let backslash = false;
    for (let i = start; i < stop; i++) {
      const byte = chunk[i] as number;
      if (byte === LF) {
        const length = (i > lineStart && chunk[i - 1] === CR ? i - 1 : i) - lineStart;
        // The blank line: the command line before it is never empty (#readCommand skipped EOLs).
        if (length === 0) return this.#takeHead(chunk.toString('latin1', start, i + 1), backslash);
        if (length > (lines === 0 ? MAX_COMMAND_LENGTH : maxHeaderLength) || lines > maxHeaders) return false;
        lines++;
        lineStart = i + 1;
      } else if (byte > 0x7f) return false;
      else if (byte === BACKSLASH) backslash = true;
    }
    return false;
  }

  /** Reads a head `#headInChunk` found: the command, then each header up to the blank line. */
  #takeHead(head: string, backslash: boolean): ParseEvent | undefined | false {
    let end = head.indexOf('\n');
    const command = head.slice(0, head.charCodeAt(end - 1) === CR ? end - 1 : end);
    if (!COMMAND_PATTERN.test(command)) return false;
    this.#command = command;
    this.#state = State.HEADERS;
    // Nothing to unescape in a head without a backslash.
    const escaped = backslash && escapesHeaders(command, this.version);
    for (let from = end + 1; ; from = end + 1) {
      end = head.indexOf('\n', from);
      const stop = end > from && head.charCodeAt(end - 1) === CR ? end - 1 : end;
      if (stop === from) break;
      const failed = this.#addHeader(head.slice(from, stop), escaped);
      if (failed !== undefined) return failed;
    }
    this.#offset += head.length;
    this.#frameBytes = head.length;
    return this.#startBody();
  }

  #readHeader(chunk: Buffer): ParseEvent | undefined {
    const line = this.#readLine(chunk, this.limits.maxHeaderLength);
    if (line === undefined || typeof line !== 'string') return line;
    if (line === '') return this.#startBody();
    return this.#addHeader(line, escapesHeaders(this.#command, this.version));
  }

  /** One `name:value` line; `escaped` when the version and command escape headers. */
  #addHeader(line: string, escaped: boolean): ParseEvent | undefined {
    if (this.#headers.length >= this.limits.maxHeaders) {
      return this.#fail({ message: `Too many headers (limit ${this.limits.maxHeaders})`, limit: 'maxHeaders' });
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return this.#fail({ message: 'Malformed header line: expected name:value' });
    const name = escaped ? unescapeHeader(line.slice(0, colon), this.version) : line.slice(0, colon);
    let value = escaped ? unescapeHeader(line.slice(colon + 1), this.version) : line.slice(colon + 1);
    if (name === undefined || value === undefined) {
      return this.#fail({ message: `Undefined escape sequence in header (STOMP ${this.version})` });
    }
    // STOMP 1.0 clients may pad values; 1.1 and 1.2 forbid trimming.
    if (this.version === '1.0' && escapesHeaders(this.#command, '1.1')) value = value.trim();
    this.#headers.push([name, value]);
    if (name === 'content-length' && !this.#contentLengthSeen) return this.#setContentLength(value);
    return undefined;
  }

  #setContentLength(value: string): ParseEvent | undefined {
    this.#contentLengthSeen = true;
    if (!/^\d{1,15}$/.test(value)) return this.#fail({ message: `Invalid content-length: ${value}` });
    this.#contentLength = Number(value);
    return undefined;
  }

  #startBody(): ParseEvent | undefined {
    if (this.#contentLength !== undefined && this.#frameBytes + this.#contentLength > this.limits.maxFrameSize) {
      return this.#tooLarge();
    }
    this.#state = State.BODY;
    return undefined;
  }

  /** STOMP 1.2: with content-length, read exactly that many octets, NULs included. */
  #readSizedBody(chunk: Buffer): ParseEvent | undefined {
    const wanted = (this.#contentLength ?? 0) - this.#partsLength;
    const take = Math.min(wanted, chunk.length - this.#offset);
    if (take === wanted && this.#partsLength === 0) {
      // The whole body is in this chunk: its view is the body.
      this.#body = chunk.subarray(this.#offset, this.#offset + take);
      this.#offset += take;
      this.#state = State.NUL;
      return undefined;
    }
    this.#append(chunk.subarray(this.#offset, this.#offset + take));
    this.#offset += take;
    if (this.#partsLength === this.#contentLength) this.#state = State.NUL;
    return undefined;
  }

  #readBodyToNul(chunk: Buffer): ParseEvent | undefined {
    const end = chunk.indexOf(NUL, this.#offset);
    const stop = end === -1 ? chunk.length : end;
    this.#append(chunk.subarray(this.#offset, stop));
    this.#offset = end === -1 ? stop : stop + 1;
    if (this.#frameBytes > this.limits.maxFrameSize) return this.#tooLarge();
    return end === -1 ? undefined : this.#emit();
  }

  #readNul(chunk: Buffer): ParseEvent | undefined {
    if (chunk[this.#offset] !== NUL) {
      return this.#fail({ message: 'Frame body is longer than its content-length (expected NUL)' });
    }
    this.#offset++;
    return this.#emit();
  }

  /** Accumulates one EOL-terminated line; returns it without the EOL, or an error, or undefined. */
  #readLine(chunk: Buffer, limit: number): string | ParseEvent | undefined {
    if (this.#partsLength === 0) {
      const line = this.#lineInChunk(chunk, limit);
      if (line !== undefined) return line;
    }
    const end = chunk.indexOf(LF, this.#offset);
    const stop = end === -1 ? chunk.length : end;
    this.#append(chunk.subarray(this.#offset, stop));
    this.#offset = end === -1 ? stop : stop + 1;
    if (this.#partsLength > limit + 1) return this.#lineTooLong(limit);
    if (end === -1) return undefined;
    this.#frameBytes++;
    if (this.#frameBytes > this.limits.maxFrameSize) return this.#tooLarge();
    let bytes = this.#take();
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > limit) return this.#lineTooLong(limit);
    try {
      return utf8.decode(bytes);
    } catch {
      return this.#fail({ message: 'Command or header is not valid UTF-8' });
    }
  }

  /**
   * The usual case, a line that lies whole in this chunk: one scan finds its LF and tells whether
   * it is ASCII, which decodes straight from the chunk, with no view, join or TextDecoder (issue 13:
   * those were a third of the parser's samples in many-to-many). Checks as `#readLine` does, in its
   * order. Undefined when no LF comes within the limit: `#readLine` accumulates the line then.
   */
  #lineInChunk(chunk: Buffer, limit: number): string | ParseEvent | undefined {
    const start = this.#offset;
    // A CR may precede the LF: a line of `limit` bytes ends at most limit + 1 bytes further.
    const window = Math.min(chunk.length, start + limit + 2);
    let ascii = true;
    let end = start;
    for (; end < window; end++) {
      const byte = chunk[end] as number;
      if (byte === LF) break;
      if (byte > 0x7f) ascii = false;
    }
    if (end === window) return undefined;
    this.#offset = end + 1;
    this.#frameBytes += end - start + 1;
    if (this.#frameBytes > this.limits.maxFrameSize) return this.#tooLarge();
    const stop = end > start && chunk[end - 1] === CR ? end - 1 : end;
    if (stop - start > limit) return this.#lineTooLong(limit);
    if (ascii) return chunk.toString('latin1', start, stop);
    try {
      return utf8.decode(chunk.subarray(start, stop));
    } catch {
      return this.#fail({ message: 'Command or header is not valid UTF-8' });
    }
  }

  #lineTooLong(limit: number): ParseEvent {
    if (this.#state === State.COMMAND) return this.#fail({ message: 'Not a STOMP frame: command too long' });
    return this.#fail({ message: `Header line too long (limit ${limit} bytes)`, limit: 'maxHeaderLength' });
  }

  #tooLarge(): ParseEvent {
    const message = `Frame too large (limit ${this.limits.maxFrameSize} bytes)`;
    return this.#fail({ message, limit: 'maxFrameSize' });
  }

  #append(part: Uint8Array): void {
    if (part.length === 0) return;
    this.#parts.push(part);
    this.#partsLength += part.length;
    this.#frameBytes += part.length;
  }

  /** Joins the accumulated parts and resets the accumulator. */
  #take(): Uint8Array {
    const parts = this.#parts;
    const joined = parts.length === 1 ? (parts[0] as Uint8Array) : concat(parts, this.#partsLength);
    this.#parts = [];
    this.#partsLength = 0;
    return joined;
  }

  #emit(): ParseEvent {
    const frame: Frame = { command: this.#command, headers: this.#headers, body: this.#body ?? this.#take() };
    this.#body = undefined;
    this.#state = State.COMMAND;
    this.#headers = [];
    this.#contentLength = undefined;
    this.#contentLengthSeen = false;
    this.#frameBytes = 0;
    return { frame };
  }

  #fail(error: FrameError): ParseEvent {
    this.#state = State.FAILED;
    this.#chunk = undefined;
    this.#queued = undefined;
    this.#parts = [];
    this.#body = undefined;
    return { error };
  }
}

/** Octets skipped between frames: EOLs (heart-beats) and stray NULs. */
function isBetweenFrames(byte: number): boolean {
  return byte === LF || byte === CR || byte === NUL;
}

/** Whether the bytes up to the next LF could start a command: fail fast on non-STOMP input. */
function isCommandPrefix(chunk: Buffer, from: number): boolean {
  for (let i = from; i < chunk.length && i < from + MAX_COMMAND_LENGTH + 2; i++) {
    const byte = chunk[i] as number;
    if (byte === LF) return true;
    if ((byte < 0x41 || byte > 0x5a) && byte !== CR) return false;
  }
  return true;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
