/**
 * A MessagePack writer for what travels between nodes, byte for byte what @msgpack/msgpack's
 * Encoder with `ignoreUndefined` writes (test/cluster/msgpack-writer.test.ts checks it on
 * arbitrary values), but quicker on what envelopes are made of: map keys come from a cache,
 * long strings are written by Buffer's native UTF-8 encoder, and nothing asks an extension codec
 * about every object. Encoding was the publishing node's largest cluster cost after batching
 * (issue 13 point 6).
 *
 * Plain objects, arrays, strings, numbers, booleans, null and undefined, and Uint8Array are
 * written here; any other value (Date, Map, BigInt, other typed arrays, class instances) is
 * written by the library's Encoder and embedded as it is: a MessagePack value is self-delimiting.
 */
import { Encoder } from '@msgpack/msgpack';

/** The library's limit, with the same error. */
const MAX_DEPTH = 100;
/** Up to this many UTF-16 units, a string is encoded in JavaScript, as the library does. */
const SHORT_STRING = 50;
/** Strings up to this long are first tried as ASCII copied unit by unit (quicker than a native call), longer ones natively. */
const NATIVE_ASCII = 32;
/** Map keys up to this long are cached, up to KEY_CACHE_SIZE of them. */
const CACHED_KEY = 32;
const KEY_CACHE_SIZE = 4096;

export class MsgpackWriter {
  #buf = Buffer.alloc(64 * 1024);
  #pos = 0;
  #entered = false;
  readonly #fallback = new Encoder({ ignoreUndefined: true });
  readonly #keys = new Map<string, Uint8Array>();

  /** The bytes of `value`, in the writer's own buffer: valid until its next call. */
  write(value: unknown): Uint8Array {
    // A getter that encodes again while we write (unlikely, but possible): a writer of its own.
    if (this.#entered) return new MsgpackWriter().write(value);
    this.#entered = true;
    try {
      this.#pos = 0;
      this.#value(value, 1);
      return this.#buf.subarray(0, this.#pos);
    } finally {
      this.#entered = false;
    }
  }

  /**
   * The bytes of `{ [key]: first, ...object }` (its own buffer, as `write`) without building that
   * object: an envelope signed with its sender (node-link.ts) costs no copy per message. `object`
   * must be a plain object without `key` and without integer-like keys (JavaScript would order
   * those before `key` in the spread object; envelope keys are names).
   */
  writeWithFirst(key: string, first: unknown, object: Record<string, unknown>): Uint8Array {
    if (this.#entered) return new MsgpackWriter().writeWithFirst(key, first, object);
    this.#entered = true;
    try {
      this.#pos = 0;
      this.#map(object, 1, key, first);
      return this.#buf.subarray(0, this.#pos);
    } finally {
      this.#entered = false;
    }
  }

  #value(value: unknown, depth: number): void {
    if (depth > MAX_DEPTH) throw new Error(`Too deep objects in depth ${depth}`);
    switch (typeof value) {
      case 'string':
        this.#string(value);
        break;
      case 'number':
        this.#number(value);
        break;
      case 'boolean':
        this.#byte(value ? 0xc3 : 0xc2);
        break;
      case 'undefined':
        this.#byte(0xc0);
        break;
      case 'object':
        if (value === null) this.#byte(0xc0);
        else if (Array.isArray(value)) this.#array(value, depth);
        else if (value instanceof Uint8Array) this.#binary(value);
        else if (isPlain(value)) this.#map(value as Record<string, unknown>, depth);
        else this.#foreign(value);
        break;
      default:
        this.#foreign(value);
    }
  }

  #array(items: readonly unknown[], depth: number): void {
    this.#header(items.length, 0x90, 0xdc, 0xdd);
    for (let i = 0; i < items.length; i++) this.#value(items[i], depth + 1);
  }

  /** A map; with `firstKey`, that entry is written before the object's own (writeWithFirst). */
  #map(object: Record<string, unknown>, depth: number, firstKey?: string, first?: unknown): void {
    // for...in over a plain object is its own keys in Object.keys order (isPlain: no inherited
    // enumerable keys, unless Object.prototype itself was given some), without the array.
    let size = firstKey === undefined || first === undefined ? 0 : 1;
    for (const key in object) if (object[key] !== undefined) size++;
    this.#header(size, 0x80, 0xde, 0xdf);
    if (firstKey !== undefined && first !== undefined) {
      this.#key(firstKey);
      this.#value(first, depth + 1);
    }
    for (const key in object) {
      const value = object[key];
      if (value === undefined) continue;
      this.#key(key);
      this.#value(value, depth + 1);
    }
  }

  #key(key: string): void {
    let bytes = this.#keys.get(key);
    if (bytes === undefined) {
      const start = this.#pos;
      this.#string(key);
      if (key.length > CACHED_KEY || this.#keys.size >= KEY_CACHE_SIZE) return;
      // A copy: Buffer#slice would be a view of the buffer the next write overwrites.
      bytes = new Uint8Array(this.#buf.subarray(start, this.#pos));
      this.#keys.set(key, bytes);
      return;
    }
    this.#ensure(bytes.length);
    const buf = this.#buf;
    let pos = this.#pos;
    // A few bytes: a loop is quicker than TypedArray#set.
    for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i] as number;
    this.#pos = pos;
  }

  #string(text: string): void {
    if (text.length <= NATIVE_ASCII ? this.#ascii(text) : this.#nativeAscii(text)) return;
    if (text.length > SHORT_STRING) {
      const length = Buffer.byteLength(text, 'utf8');
      this.#ensure(5 + length);
      this.#stringHeader(length);
      this.#pos += this.#buf.write(text, this.#pos, length, 'utf8');
      return;
    }
    const encoded = utf8Encode(text);
    this.#ensure(5 + encoded.length);
    this.#stringHeader(encoded.length);
    this.#buf.set(encoded, this.#pos);
    this.#pos += encoded.length;
  }

  /**
   * Writes an ASCII string with Buffer's native UTF-8 encoder; false, having written nothing, if it
   * is not one. Its UTF-8 is as long as the string only when every unit is ASCII (any other unit
   * takes two bytes or more, a surrogate pair four), and with four bytes of room to spare a longer
   * UTF-8 cannot be cut to exactly that length.
   */
  #nativeAscii(text: string): boolean {
    const length = text.length;
    if (length > 0xffff) return false;
    const header = length < 32 ? 1 : length < 0x100 ? 2 : 3;
    this.#ensure(header + length + 4);
    const written = this.#buf.write(text, this.#pos + header, length + 4, 'utf8');
    if (written !== length) return false;
    this.#stringHeader(length);
    this.#pos += length;
    return true;
  }

  /** Writes an ASCII string (its bytes are its UTF-16 units); false, having written nothing, if it is not one. */
  #ascii(text: string): boolean {
    const length = text.length;
    this.#ensure(3 + length);
    const buf = this.#buf;
    const start = this.#pos;
    let pos = start + (length < 32 ? 1 : length < 0x100 ? 2 : 3);
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) return false;
      buf[pos++] = unit;
    }
    this.#stringHeader(length);
    this.#pos = pos;
    return true;
  }

  #stringHeader(length: number): void {
    if (length < 32) this.#byte(0xa0 | length);
    else this.#sized(length, 0xd9, 0xda, 0xdb);
  }

  #number(value: number): void {
    this.#ensure(9);
    const buf = this.#buf;
    if (Number.isSafeInteger(value)) {
      if (value >= 0) {
        if (value < 0x80) buf[this.#pos++] = value;
        else if (value < 0x100) this.#sized(value, 0xcc, 0xcc, 0xcc);
        else if (value < 0x10000) this.#sized(value, 0xcd, 0xcd, 0xcd, true);
        else if (value < 0x100000000) this.#sized(value, 0xce, 0xce, 0xce, true);
        else {
          buf[this.#pos] = 0xcf;
          buf.writeUInt32BE(Math.floor(value / 0x100000000), this.#pos + 1);
          buf.writeUInt32BE(value >>> 0, this.#pos + 5);
          this.#pos += 9;
        }
        return;
      }
      if (value >= -0x20) buf[this.#pos++] = 0xe0 | (value + 0x20);
      else if (value >= -0x80) this.#signed(value, 0xd0, 1);
      else if (value >= -0x8000) this.#signed(value, 0xd1, 2);
      else if (value >= -0x80000000) this.#signed(value, 0xd2, 4);
      else {
        buf[this.#pos] = 0xd3;
        buf.writeBigInt64BE(BigInt(value), this.#pos + 1);
        this.#pos += 9;
      }
      return;
    }
    buf[this.#pos] = 0xcb;
    buf.writeDoubleBE(value, this.#pos + 1);
    this.#pos += 9;
  }

  #signed(value: number, code: number, bytes: 1 | 2 | 4): void {
    const buf = this.#buf;
    buf[this.#pos] = code;
    if (bytes === 1) buf.writeInt8(value, this.#pos + 1);
    else if (bytes === 2) buf.writeInt16BE(value, this.#pos + 1);
    else buf.writeInt32BE(value, this.#pos + 1);
    this.#pos += 1 + bytes;
  }

  #binary(bytes: Uint8Array): void {
    this.#ensure(5 + bytes.length);
    this.#sized(bytes.length, 0xc4, 0xc5, 0xc6);
    this.#buf.set(bytes, this.#pos);
    this.#pos += bytes.length;
  }

  /** A value only the library knows how to write (or to refuse, with its own error). */
  #foreign(value: unknown): void {
    const bytes = this.#fallback.encodeSharedRef(value);
    this.#ensure(bytes.length);
    this.#buf.set(bytes, this.#pos);
    this.#pos += bytes.length;
  }

  /** A fix-format header for small counts, else its 16- or 32-bit form (arrays and maps). */
  #header(count: number, fix: number, code16: number, code32: number): void {
    if (count < 16) this.#byte(fix | count);
    else this.#sized(count, code16, code16, code32, true);
  }

  /** `code8` + 1 byte below 256, `code16` + 2 bytes below 65,536, else `code32` + 4 bytes. */
  #sized(length: number, code8: number, code16: number, code32: number, no8 = false): void {
    this.#ensure(5);
    const buf = this.#buf;
    const at = this.#pos;
    if (!no8 && length < 0x100) {
      buf[at] = code8;
      buf[at + 1] = length;
      this.#pos += 2;
    } else if (length < 0x10000) {
      buf[at] = code16;
      buf.writeUInt16BE(length, at + 1);
      this.#pos += 3;
    } else {
      buf[at] = code32;
      buf.writeUInt32BE(length, at + 1);
      this.#pos += 5;
    }
  }

  #byte(value: number): void {
    this.#ensure(1);
    this.#buf[this.#pos++] = value;
  }

  #ensure(bytes: number): void {
    const needed = this.#pos + bytes;
    if (needed <= this.#buf.length) return;
    const grown = Buffer.alloc(Math.max(needed, this.#buf.length * 2));
    this.#buf.copy(grown, 0, 0, this.#pos);
    this.#buf = grown;
  }
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * UTF-8 of a short string as the library's JavaScript encoder writes it: a lone surrogate becomes
 * its own three bytes (the decoder gives it back), where Buffer would write U+FFFD.
 */
function utf8Encode(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out.push(unit);
      continue;
    }
    if (unit < 0x800) {
      out.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if ((low & 0xfc00) === 0xdc00) {
        i++;
        unit = ((unit & 0x3ff) << 10) + (low & 0x3ff) + 0x10000;
      }
    }
    if (unit < 0x10000) out.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
    else out.push(0xf0 | (unit >> 18), 0x80 | ((unit >> 12) & 0x3f), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
  }
  return out;
}
