import { describe, expect, it } from 'vitest';
import { type Frame, type FrameError, header } from '../../../protocols/stomp/frame.js';
import { FrameParser, type ParserLimits } from '../../../protocols/stomp/parser.js';

const LIMITS: ParserLimits = { maxFrameSize: 65536, maxHeaders: 100, maxHeaderLength: 8192 };
const enc = new TextEncoder();

function parseAll(
  input: string | Uint8Array | readonly (string | Uint8Array)[],
  options: { version?: '1.0' | '1.1' | '1.2'; limits?: Partial<ParserLimits> } = {},
): { frames: Frame[]; error?: FrameError } {
  const parser = new FrameParser({ ...LIMITS, ...options.limits });
  if (options.version) parser.version = options.version;
  const chunks = Array.isArray(input) ? input : [input];
  const frames: Frame[] = [];
  for (const chunk of chunks as (string | Uint8Array)[]) {
    parser.push(typeof chunk === 'string' ? enc.encode(chunk) : chunk);
    for (let event = parser.next(); event; event = parser.next()) {
      if (event.error) return { frames, error: event.error };
      frames.push(event.frame);
    }
  }
  return { frames };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('FrameParser', () => {
  it('[STOMP 1.2 Augmented BNF] parses a frame with headers and a body', () => {
    const { frames } = parseAll('SEND\ndestination:/queue/a\n\nhello\0');
    expect(frames).toHaveLength(1);
    expect(frames[0]?.command).toBe('SEND');
    expect(header(frames[0]!, 'destination')).toBe('/queue/a');
    expect(text(frames[0]!.body)).toBe('hello');
  });

  it('[STOMP 1.2 Augmented BNF] accepts CRLF line endings on every line', () => {
    const { frames } = parseAll('SEND\r\ndestination:/queue/a\r\nx:1\r\n\r\nbody\0');
    expect(header(frames[0]!, 'destination')).toBe('/queue/a');
    expect(header(frames[0]!, 'x')).toBe('1');
    expect(text(frames[0]!.body)).toBe('body');
  });

  it('[STOMP 1.2 Heart-beating] skips EOLs between frames and before the first', () => {
    const { frames } = parseAll('\n\r\n\nSEND\ndestination:a\n\n\0\n\n\r\nSEND\ndestination:b\n\n\0\n');
    expect(frames.map((f) => header(f, 'destination'))).toEqual(['a', 'b']);
  });

  it('[RabbitMQ] skips stray NULs between frames, before the first and alone', () => {
    const { frames, error } = parseAll([
      '\0\0\nSEND\ndestination:a\n\n\0\0\r\n\0',
      '\0',
      'SEND\ndestination:b\n\n\0\0',
    ]);
    expect(error).toBeUndefined();
    expect(frames.map((f) => header(f, 'destination'))).toEqual(['a', 'b']);
  });

  it('[STOMP 1.2 Augmented BNF] still fails on any other octet between frames', () => {
    for (const junk of [' ', '\t', 'x', '\u00ff']) {
      const { frames, error } = parseAll(`SEND\ndestination:a\n\n\0\0${junk}\nSEND\ndestination:b\n\n\0`);
      expect(frames).toHaveLength(1);
      expect(error?.message).toBe('Not a STOMP frame: invalid command');
    }
  });

  it('[STOMP 1.2 Body] reads exactly content-length octets, NULs included', () => {
    const body = 'a\0b\0c';
    const { frames } = parseAll(`SEND\ndestination:a\ncontent-length:5\n\n${body}\0`);
    expect(Array.from(frames[0]!.body)).toEqual([97, 0, 98, 0, 99]);
  });

  it('[STOMP 1.2 Body] fails when the octet after content-length bytes is not NUL', () => {
    const { error } = parseAll('SEND\ndestination:a\ncontent-length:2\n\nabc\0');
    expect(error?.message).toMatch(/content-length/);
  });

  it('[STOMP 1.2 Body] counts content-length in octets for multi-byte characters', () => {
    const body = enc.encode('€🙂');
    const head = enc.encode(`SEND\ndestination:a\ncontent-length:${body.length}\n\n`);
    const { frames } = parseAll([head, body, new Uint8Array([0])]);
    expect(text(frames[0]!.body)).toBe('€🙂');
  });

  it('reassembles a frame split at every byte boundary', () => {
    const wire = enc.encode('SEND\r\ndestination:/topic/x\r\ncontent-length:3\r\n\r\nabc\0\n');
    const chunks = Array.from(wire, (byte) => new Uint8Array([byte]));
    const { frames } = parseAll(chunks);
    expect(frames).toHaveLength(1);
    expect(text(frames[0]!.body)).toBe('abc');
  });

  it('parses several frames carried in one message', () => {
    const { frames } = parseAll('SEND\ndestination:a\n\n1\0SEND\ndestination:b\n\n2\0\nBEGIN\ntransaction:t\n\n\0');
    expect(frames.map((f) => f.command)).toEqual(['SEND', 'SEND', 'BEGIN']);
  });

  it('[STOMP 1.2 Repeated Header Entries] keeps every occurrence, the first wins on lookup', () => {
    const { frames } = parseAll('SEND\nfoo:first\nfoo:second\n\n\0');
    expect(header(frames[0]!, 'foo')).toBe('first');
  });

  it('[STOMP 1.2 Repeated Header Entries] uses the first content-length', () => {
    const { frames } = parseAll('SEND\ncontent-length:1\ncontent-length:3\n\nx\0');
    expect(text(frames[0]!.body)).toBe('x');
  });

  it('[STOMP 1.2 Value Encoding] decodes \\r \\n \\c \\\\ in 1.2', () => {
    const { frames } = parseAll('SEND\nk\\cey:a\\nb\\rc\\\\d\\ce\n\n\0', { version: '1.2' });
    expect(frames[0]?.headers[0]).toEqual(['k:ey', 'a\nb\rc\\d:e']);
  });

  it('[STOMP 1.2 Value Encoding] treats an undefined escape as a fatal error', () => {
    expect(parseAll('SEND\nk:a\\tb\n\n\0').error?.message).toMatch(/escape/);
    expect(parseAll('SEND\nk:ab\\\n\n\0').error?.message).toMatch(/escape/);
  });

  it('[STOMP 1.1 Value Encoding] rejects \\r, which only 1.2 defines', () => {
    expect(parseAll('SEND\nk:a\\rb\n\n\0', { version: '1.1' }).error?.message).toMatch(/escape/);
    expect(parseAll('SEND\nk:a\\nb\n\n\0', { version: '1.1' }).frames[0]?.headers[0]).toEqual(['k', 'a\nb']);
  });

  it('[STOMP 1.0] does not decode escapes and trims padded values', () => {
    const { frames } = parseAll('SEND\nk: a\\tb \n\n\0', { version: '1.0' });
    expect(frames[0]?.headers[0]).toEqual(['k', 'a\\tb']);
  });

  it('[STOMP 1.2 Value Encoding] never decodes escapes in CONNECT', () => {
    const { frames } = parseAll('CONNECT\npasscode:a\\tb\n\n\0');
    expect(header(frames[0]!, 'passcode')).toBe('a\\tb');
  });

  it('[STOMP 1.2 Value Encoding] never trims or pads values in 1.1 and 1.2', () => {
    const { frames } = parseAll('SEND\nk:  spaced  \n\n\0');
    expect(header(frames[0]!, 'k')).toBe('  spaced  ');
  });

  it('[STOMP 1.2 Size Limits] names maxFrameSize when a body without content-length grows too large', () => {
    const { error } = parseAll(['SEND\n\n', 'x'.repeat(200)], { limits: { maxFrameSize: 100 } });
    expect(error?.limit).toBe('maxFrameSize');
  });

  it('[STOMP 1.2 Size Limits] rejects an oversized content-length before reading the body', () => {
    const { error } = parseAll('SEND\ncontent-length:1000\n\n', { limits: { maxFrameSize: 100 } });
    expect(error?.limit).toBe('maxFrameSize');
  });

  it('[STOMP 1.2 Size Limits] names maxHeaders when a frame has too many headers', () => {
    const { error } = parseAll('SEND\na:1\nb:2\nc:3\n\n\0', { limits: { maxHeaders: 2 } });
    expect(error?.limit).toBe('maxHeaders');
  });

  it('[STOMP 1.2 Size Limits] names maxHeaderLength for a long header line, even unterminated', () => {
    expect(parseAll(`SEND\nk:${'v'.repeat(50)}\n\n\0`, { limits: { maxHeaderLength: 20 } }).error?.limit).toBe(
      'maxHeaderLength',
    );
    expect(parseAll(`SEND\nk:${'v'.repeat(50)}`, { limits: { maxHeaderLength: 20 } }).error?.limit).toBe(
      'maxHeaderLength',
    );
  });

  it('[STOMP 1.2 Size Limits] takes a header line of exactly maxHeaderLength bytes, CR not counted', () => {
    const line = `k:${'é'.repeat(9)}`; // 20 bytes of UTF-8
    for (const eol of ['\n', '\r\n']) {
      const { frames, error } = parseAll(`SEND${eol}${line}${eol}${eol}\0`, { limits: { maxHeaderLength: 20 } });
      expect(error).toBeUndefined();
      expect(header(frames[0]!, 'k')).toBe('é'.repeat(9));
      expect(parseAll(`SEND${eol}${line}x${eol}${eol}\0`, { limits: { maxHeaderLength: 20 } }).error?.limit).toBe(
        'maxHeaderLength',
      );
    }
  });

  it('[STOMP 1.2 Size Limits] counts header lines towards maxFrameSize', () => {
    const frame = `SEND\na:${'x'.repeat(40)}\nb:${'y'.repeat(40)}\n\n\0`;
    expect(parseAll(frame, { limits: { maxFrameSize: 60 } }).error?.limit).toBe('maxFrameSize');
    expect(parseAll(frame, { limits: { maxFrameSize: 100 } }).frames).toHaveLength(1);
  });

  it('[STOMP 1.2 Value Encoding] decodes UTF-8 names and values, whole or split anywhere', () => {
    const bytes = enc.encode('SEND\ndestination:/queue/café\nnäme:€🙂 \\c\n\n\0');
    const splits = [
      [bytes],
      ...Array.from({ length: bytes.length - 1 }, (_, at) => [bytes.subarray(0, at + 1), bytes.subarray(at + 1)]),
    ];
    for (const chunks of splits) {
      const { frames, error } = parseAll(chunks);
      expect(error).toBeUndefined();
      expect(frames[0]?.headers).toEqual([
        ['destination', '/queue/café'],
        ['näme', '€🙂 :'],
      ]);
    }
  });

  it('reads frames from any Uint8Array view, not only Buffers', () => {
    const backing = enc.encode('xxSEND\ndestination:a\ncontent-length:2\n\nhi\0yy');
    const { frames } = parseAll(new Uint8Array(backing.buffer, 2, backing.length - 4));
    expect(header(frames[0]!, 'destination')).toBe('a');
    expect(text(frames[0]!.body)).toBe('hi');
  });

  it('rejects input that is not STOMP, such as JSON', () => {
    expect(parseAll('{"jsonrpc":"2.0","method":"x"}').error?.message).toMatch(/Not a STOMP frame/);
  });

  it('rejects a header line without a colon', () => {
    expect(parseAll('SEND\nnocolon\n\n\0').error?.message).toMatch(/Malformed header/);
  });

  it('rejects an invalid content-length', () => {
    expect(parseAll('SEND\ncontent-length:-1\n\n\0').error?.message).toMatch(/content-length/);
  });

  it('rejects headers that are not valid UTF-8', () => {
    const bytes = new Uint8Array([...enc.encode('SEND\nk:'), 0xff, 0xfe, ...enc.encode('\n\n\0')]);
    expect(parseAll(bytes).error?.message).toMatch(/UTF-8/);
  });

  it('stays failed after an error', () => {
    const parser = new FrameParser(LIMITS);
    parser.push(enc.encode('bogus frame\n'));
    expect(parser.next()?.error).toBeDefined();
    parser.push(enc.encode('SEND\n\n\0'));
    expect(parser.next()).toBeUndefined();
  });

  it('reports the bytes it holds but has not parsed', () => {
    const parser = new FrameParser(LIMITS);
    parser.push(enc.encode('CONNECT\n\n\0SEND\n\n\0'));
    expect(parser.next()?.frame?.command).toBe('CONNECT');
    expect(parser.pendingBytes).toBe(7);
  });
});
