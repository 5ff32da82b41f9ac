/**
 * A MessagePack reader for what travels between nodes, the counterpart of msgpack-writer.ts: it
 * gives the values @msgpack/msgpack's Decoder gives (test/cluster/msgpack-reader.test.ts checks
 * it on arbitrary values), quicker on what envelopes are made of. ASCII strings, most of an
 * envelope, are read by Buffer's native latin1 slice or, when short, a loop; map keys come from a
 * cache; nothing is asked of an extension codec unless the bytes hold an extension. The library's
 * decoder was the largest cluster cost of a receiving node (issue 13 point 6: about 13 % of the
 * callee's node in cross-node RPC, a third of it decoding strings byte by byte).
 *
 * Differences that nothing between nodes can tell: binary values are copies (the library gives
 * views of the received message, which would keep a whole batch alive as long as one value).
 * Extensions (a Date, anything the writer handed to the library) are read by the library.
 */
import { Decoder } from '@msgpack/msgpack';

/** The library reads non-ASCII strings up to this many bytes in JavaScript, longer ones natively. */
const JS_DECODE_MAX = 200;
/** ASCII strings up to this many bytes are built in a loop (quicker than a native call). */
const SHORT_ASCII = 24;
/** Map keys up to this many bytes are cached, up to KEYS_PER_LENGTH of each length (as the library). */
const CACHED_KEY = 16;
const KEYS_PER_LENGTH = 16;

interface CachedKey {
  readonly bytes: Uint8Array;
  readonly text: string;
}

export class MsgpackReader {
  #bytes: Buffer = Buffer.alloc(0);
  #view: DataView = new DataView(new ArrayBuffer(0));
  #pos = 0;
  #entered = false;
  readonly #extensions = new Decoder();
  /** Cached map keys by byte length. */
  readonly #keys: CachedKey[][] = Array.from({ length: CACHED_KEY + 1 }, () => []);

  /** The one value `data` holds; throws on truncated data, bytes after the value, or an unknown code. */
  read(data: Uint8Array): unknown {
    if (this.#entered) return new MsgpackReader().read(data);
    this.#entered = true;
    try {
      this.#bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      this.#view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      this.#pos = 0;
      const value = this.#value();
      if (this.#pos !== data.byteLength) {
        throw new RangeError(
          `Extra ${data.byteLength - this.#pos} of ${data.byteLength} byte(s) found at buffer[${this.#pos}]`,
        );
      }
      return value;
    } finally {
      this.#bytes = Buffer.alloc(0);
      this.#entered = false;
    }
  }

  #value(): unknown {
    const code = this.#u8();
    if (code < 0x80) return code;
    if (code < 0x90) return this.#map(code & 0x0f);
    if (code < 0xa0) return this.#array(code & 0x0f);
    if (code < 0xc0) return this.#string(code & 0x1f);
    if (code >= 0xe0) return code - 0x100;
    switch (code) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.#binary(this.#u8());
      case 0xc5:
        return this.#binary(this.#u16());
      case 0xc6:
        return this.#binary(this.#u32());
      case 0xc7:
        return this.#extension(this.#u8(), 2);
      case 0xc8:
        return this.#extension(this.#u16(), 3);
      case 0xc9:
        return this.#extension(this.#u32(), 5);
      case 0xca:
        return this.#fixed(4, this.#view.getFloat32(this.#pos));
      case 0xcb:
        return this.#fixed(8, this.#view.getFloat64(this.#pos));
      case 0xcc:
        return this.#u8();
      case 0xcd:
        return this.#u16();
      case 0xce:
        return this.#u32();
      case 0xcf:
        return this.#fixed(8, this.#view.getUint32(this.#pos) * 0x100000000 + this.#view.getUint32(this.#pos + 4));
      case 0xd0:
        return this.#fixed(1, this.#view.getInt8(this.#pos));
      case 0xd1:
        return this.#fixed(2, this.#view.getInt16(this.#pos));
      case 0xd2:
        return this.#fixed(4, this.#view.getInt32(this.#pos));
      case 0xd3:
        return this.#fixed(8, this.#view.getInt32(this.#pos) * 0x100000000 + this.#view.getUint32(this.#pos + 4));
      case 0xd4:
        return this.#extension(1, 1);
      case 0xd5:
        return this.#extension(2, 1);
      case 0xd6:
        return this.#extension(4, 1);
      case 0xd7:
        return this.#extension(8, 1);
      case 0xd8:
        return this.#extension(16, 1);
      case 0xd9:
        return this.#string(this.#u8());
      case 0xda:
        return this.#string(this.#u16());
      case 0xdb:
        return this.#string(this.#u32());
      case 0xdc:
        return this.#array(this.#u16());
      case 0xdd:
        return this.#array(this.#u32());
      case 0xde:
        return this.#map(this.#u16());
      case 0xdf:
        return this.#map(this.#u32());
      default:
        throw new RangeError(`Unrecognized type byte: 0x${code.toString(16)}`);
    }
  }

  #array(count: number): unknown[] {
    // Every item is at least a byte: a header claiming more than the rest cannot be honest.
    this.#need(count);
    const items = new Array<unknown>(count);
    for (let i = 0; i < count; i++) items[i] = this.#value();
    return items;
  }

  #map(count: number): Record<string, unknown> {
    this.#need(count * 2);
    const object: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = this.#key();
      object[key] = this.#value();
    }
    return object;
  }

  /** A map key: a string or a number, as the library's default key converter allows. */
  #key(): string {
    const code = this.#bytes[this.#pos] as number;
    let key: unknown;
    if (code >= 0xa0 && code < 0xc0) {
      this.#pos++;
      key = this.#cachedKey(code & 0x1f);
    } else key = this.#value();
    if (typeof key === 'string') {
      if (key === '__proto__') throw new RangeError('The key __proto__ is not allowed');
      return key;
    }
    if (typeof key === 'number') return key as unknown as string;
    throw new RangeError(`The type of key must be string or number but ${typeof key}`);
  }

  #cachedKey(length: number): string {
    if (length > CACHED_KEY) return this.#string(length);
    this.#need(length);
    const bytes = this.#bytes;
    const start = this.#pos;
    const cached = this.#keys[length] as CachedKey[];
    next: for (const entry of cached) {
      for (let i = 0; i < length; i++) if (entry.bytes[i] !== bytes[start + i]) continue next;
      this.#pos += length;
      return entry.text;
    }
    const text = this.#string(length);
    if (cached.length < KEYS_PER_LENGTH) cached.push({ bytes: bytes.slice(start, start + length), text });
    return text;
  }

  #string(length: number): string {
    this.#need(length);
    const bytes = this.#bytes;
    const start = this.#pos;
    const end = start + length;
    this.#pos = end;
    if (length > JS_DECODE_MAX) return bytes.toString('utf8', start, end);
    if (length <= SHORT_ASCII) {
      let text = '';
      for (let i = start; i < end; i++) {
        const byte = bytes[i] as number;
        if (byte >= 0x80) return utf8DecodeJs(bytes, start, end);
        text += String.fromCharCode(byte);
      }
      return text;
    }
    // One native decode: as many units as bytes, none of them U+FFFD, only when every byte is ASCII.
    const text = bytes.toString('utf8', start, end);
    return text.length === length && !text.includes('\ufffd') ? text : utf8DecodeJs(bytes, start, end);
  }

  #binary(length: number): Uint8Array {
    this.#need(length);
    const copy = new Uint8Array(length);
    copy.set(this.#bytes.subarray(this.#pos, this.#pos + length));
    this.#pos += length;
    return copy;
  }

  /** An extension value, read by the library from its own bytes (header included). */
  #extension(length: number, headerLength: number): unknown {
    const start = this.#pos - headerLength;
    this.#need(length + 1);
    this.#pos += length + 1;
    const bytes = this.#bytes;
    // A plain Uint8Array view, as the library itself would hold (not a Buffer).
    return this.#extensions.decode(new Uint8Array(bytes.buffer, bytes.byteOffset + start, this.#pos - start));
  }

  #fixed<T>(size: number, value: T): T {
    this.#pos += size;
    return value;
  }

  #u8(): number {
    this.#need(1);
    return this.#bytes[this.#pos++] as number;
  }

  #u16(): number {
    this.#need(2);
    const value = this.#view.getUint16(this.#pos);
    this.#pos += 2;
    return value;
  }

  #u32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.#pos);
    this.#pos += 4;
    return value;
  }

  #need(bytes: number): void {
    if (this.#pos + bytes > this.#bytes.length) throw new RangeError('Insufficient data');
  }
}

/**
 * UTF-8 as the library reads strings of up to JS_DECODE_MAX bytes (@msgpack/msgpack
 * utils/utf8.ts `utf8DecodeJs`): a lone surrogate written as its own three bytes comes back as
 * itself, where a native decoder would give U+FFFD.
 */
function utf8DecodeJs(bytes: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let offset = start;
  while (offset < end) {
    const byte1 = bytes[offset++] as number;
    if ((byte1 & 0x80) === 0) units.push(byte1);
    else if ((byte1 & 0xe0) === 0xc0) {
      const byte2 = (bytes[offset++] as number) & 0x3f;
      units.push(((byte1 & 0x1f) << 6) | byte2);
    } else if ((byte1 & 0xf0) === 0xe0) {
      const byte2 = (bytes[offset++] as number) & 0x3f;
      const byte3 = (bytes[offset++] as number) & 0x3f;
      units.push(((byte1 & 0x1f) << 12) | (byte2 << 6) | byte3);
    } else if ((byte1 & 0xf8) === 0xf0) {
      const byte2 = (bytes[offset++] as number) & 0x3f;
      const byte3 = (bytes[offset++] as number) & 0x3f;
      const byte4 = (bytes[offset++] as number) & 0x3f;
      let unit = ((byte1 & 0x07) << 0x12) | (byte2 << 0x0c) | (byte3 << 0x06) | byte4;
      if (unit > 0xffff) {
        unit -= 0x10000;
        units.push(((unit >>> 10) & 0x3ff) | 0xd800);
        unit = 0xdc00 | (unit & 0x3ff);
      }
      units.push(unit);
    } else units.push(byte1);
  }
  return String.fromCharCode(...units);
}
