import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Frame, StompVersion } from '../../../protocols/stomp/frame.js';
import { FrameParser, type ParseEvent } from '../../../protocols/stomp/parser.js';
import { serializeFrameBytes } from '../../../protocols/stomp/serializer.js';

const LIMITS = { maxFrameSize: 1 << 20, maxHeaders: 1000, maxHeaderLength: 1 << 16 };
const COMMANDS = ['SEND', 'SUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'MESSAGE', 'RECEIPT', 'ERROR', 'DISCONNECT'];

const special = fc.constantFrom('\n', '\r', ':', '\\', ' ', '\\c', 'é', '€', '🙂');
const richString = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme' }), special), { maxLength: 6 })
  .map((parts) => parts.join(''));

function headerValue(version: StompVersion): fc.Arbitrary<string> {
  if (version === '1.2') return richString;
  if (version === '1.1') return richString.map((s) => s.replace(/\r/g, ''));
  // 1.0 has no escaping and its values are trimmed on input.
  return richString.map((s) => s.replace(/[\r\n]/g, '').trim());
}

function headerName(version: StompVersion): fc.Arbitrary<string> {
  const base = version === '1.2' ? richString : richString.map((s) => s.replace(/\r/g, ''));
  const cleaned = version === '1.0' ? base.map((s) => s.replace(/[\r\n:]/g, '')) : base;
  return cleaned.filter((s) => s.length > 0 && s !== 'content-length');
}

function frameArb(version: StompVersion): fc.Arbitrary<Frame> {
  return fc.record({
    command: fc.constantFrom(...COMMANDS),
    headers: fc.array(fc.tuple(headerName(version), headerValue(version)), { maxLength: 8 }),
    body: fc.uint8Array({ maxLength: 300 }),
  });
}

/** Splits bytes at the given cut points. */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(last, point));
    last = point;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

function drain(parser: FrameParser, chunks: readonly Uint8Array[]): ParseEvent[] {
  const events: ParseEvent[] = [];
  for (const chunk of chunks) {
    parser.push(chunk);
    for (let event = parser.next(); event; event = parser.next()) events.push(event);
  }
  return events;
}

describe('STOMP codec properties', () => {
  for (const version of ['1.0', '1.1', '1.2'] as const) {
    it(`round-trips serialize then parse for STOMP ${version} frames in any chunking`, () => {
      fc.assert(
        fc.property(fc.array(frameArb(version), { minLength: 1, maxLength: 4 }), fc.array(fc.nat()), (frames, cuts) => {
          const wire = frames.map((frame) => serializeFrameBytes(frame, version));
          const joined = Buffer.concat(wire.flatMap((w) => [w, Buffer.from('\n')]));
          const parser = new FrameParser(LIMITS);
          parser.version = version;
          const events = drain(parser, split(joined, cuts));
          expect(events.map((e) => e.error)).toEqual(frames.map(() => undefined));
          events.forEach((event, i) => {
            const sent = frames[i]!;
            expect(event.frame?.command).toBe(sent.command);
            expect(event.frame?.headers.filter(([n]) => n !== 'content-length')).toEqual(sent.headers);
            expect(Buffer.from(event.frame!.body).equals(Buffer.from(sent.body))).toBe(true);
          });
        }),
        { numRuns: 150 },
      );
    });
  }

  it('never throws on random bytes and returns only frames or one final error', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 6 }), (chunks) => {
        const parser = new FrameParser({ maxFrameSize: 512, maxHeaders: 5, maxHeaderLength: 64 });
        const events = drain(parser, chunks);
        const errors = events.filter((e) => e.error);
        expect(errors.length).toBeLessThanOrEqual(1);
        if (errors.length === 1) expect(events.at(-1)?.error?.message).toEqual(expect.any(String));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated valid frames', () => {
    const mutation = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.nat(2) });
    fc.assert(
      fc.property(frameArb('1.2'), fc.array(mutation, { minLength: 1, maxLength: 5 }), (frame, mutations) => {
        const bytes = Array.from(serializeFrameBytes(frame, '1.2'));
        for (const { at, byte, kind } of mutations) {
          const index = at % (bytes.length + 1);
          if (kind === 0) bytes[index] = byte;
          else if (kind === 1) bytes.splice(index, 0, byte);
          else bytes.splice(index, 1);
        }
        const parser = new FrameParser({ maxFrameSize: 4096, maxHeaders: 10, maxHeaderLength: 512 });
        const events = drain(parser, [Uint8Array.from(bytes)]);
        for (const event of events) expect(event.frame !== undefined || event.error !== undefined).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
