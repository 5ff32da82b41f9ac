import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMessage, toWire } from '../../../protocols/wamp/messages.js';
import { createSerializers } from '../../../protocols/wamp/serializers/index.js';
import { anyMessage, id, messageArbitraries, messageNames, plainBytes, value } from './arbitraries.js';

const serializers = [...createSerializers().values()];

describe('WAMP serializers', () => {
  for (const serializer of serializers) {
    describe(serializer.name, () => {
      for (const name of messageNames) {
        it(`round-trips every ${name} message`, () => {
          fc.assert(
            fc.property(messageArbitraries[name], (message) => {
              const decoded = serializer.decode(serializer.encode(toWire(message)));
              expect(decoded.ok).toBe(true);
              const parsed = parseMessage(plainBytes(decoded.ok ? decoded.value : undefined));
              expect(parsed).toEqual({ ok: true, message });
            }),
            { numRuns: 60 },
          );
        });
      }

      it('never throws on garbage input', () => {
        const garbage = fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 64 }),
          fc.string().map((s) => `[${s}`),
        );
        fc.assert(
          fc.property(garbage, (data) => {
            const decoded = serializer.decode(data);
            if (decoded.ok) parseMessage(decoded.value);
          }),
          { numRuns: 300 },
        );
      });

      it('reports garbage as a decode error', () => {
        const bad = serializer.binary ? Uint8Array.of(0xc1) : '[1, "realm1", {';
        expect(serializer.decode(bad).ok).toBe(false);
      });

      it(`[WAMP §2.1] uses ${serializer.binary ? 'binary' : 'text'} frames only`, () => {
        expect(typeof serializer.encode([1, 'realm1', {}])).toBe(serializer.binary ? 'object' : 'string');
        const wrongFrame = serializer.binary ? '[1,"realm1",{}]' : new TextEncoder().encode('[1,"realm1",{}]');
        expect(serializer.decode(wrongFrame).ok).toBe(false);
      });

      it('splices a shared tail after a per-receiver head as a full encode would', () => {
        fc.assert(
          fc.property(id, id, fc.array(value, { maxLength: 20 }), (subscription, publication, tail) => {
            const elements = [publication, ...tail];
            const spliced = serializer.encodeWithTail(36, subscription, serializer.encodeTail(elements));
            const decoded = serializer.decode(spliced);
            expect(plainBytes(decoded)).toEqual(
              plainBytes(serializer.decode(serializer.encode([36, subscription, ...elements]))),
            );
          }),
          { numRuns: 100 },
        );
      });

      it('[limits.maxDepth] measures the nesting of any message exactly, before decoding it', () => {
        fc.assert(
          fc.property(anyMessage, (message) => {
            const encoded = serializer.encode(toWire(message));
            const depth = depthOf(toWire(message));
            expect(serializer.decode(encoded, depth).ok).toBe(true);
            expect(serializer.decode(encoded, depth - 1)).toMatchObject({ ok: false, tooDeep: true });
          }),
          { numRuns: 200 },
        );
      });

      it('[limits.maxDepth] refuses 100,000 nested arrays without overflowing the stack', () => {
        const deep = serializer.binary
          ? new Uint8Array(100_001).fill(serializer.name === 'cbor' ? 0x81 : 0x91)
          : `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
        expect(serializer.decode(deep, 64)).toEqual({
          ok: false,
          reason: 'message nested deeper than 64 levels',
          tooDeep: true,
        });
      });

      it('keeps an earlier encoded message intact after later encodes', () => {
        const first = serializer.encode([1, 'realm.one', {}]);
        const copy = typeof first === 'string' ? first : Uint8Array.from(first);
        for (let i = 0; i < 100; i++) serializer.encode([16, i + 1, {}, 'x'.repeat(i * 50)]);
        expect(typeof first === 'string' ? first : Uint8Array.from(first)).toEqual(copy);
      });
    });
  }

  it('[WAMP §2.2] carries binary values across every serializer pair', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        for (const from of serializers) {
          const decoded = from.decode(from.encode(toWire(message)));
          for (const to of serializers) {
            const again = to.decode(to.encode(decoded.ok ? (decoded.value as unknown[]) : []));
            expect(plainBytes(again)).toEqual(plainBytes(decoded));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('[WAMP §2.9] decodes 64-bit encoded ids as numbers in msgpack and cbor', () => {
    const all = createSerializers();
    const maxId = [0, 0x20, 0, 0, 0, 0, 0, 0];
    expect(all.get('wamp.2.msgpack')!.decode(Uint8Array.from([0x92, 0x22, 0xcf, ...maxId]))).toEqual({
      ok: true,
      value: [34, 2 ** 53],
    });
    expect(all.get('wamp.2.cbor')!.decode(Uint8Array.from([0x82, 0x18, 0x22, 0x1b, ...maxId]))).toEqual({
      ok: true,
      value: [34, 2 ** 53],
    });
  });

  it('reads msgpack extension type 0 (msgpackr undefined) as undefined', () => {
    const msgpack = createSerializers().get('wamp.2.msgpack')!;
    const decoded = msgpack.decode(
      Uint8Array.of(0x94, 0x20, 0x01, 0x81, 0xa5, ...new TextEncoder().encode('match'), 0xd4, 0x00, 0x00, 0xa1, 0x74),
    );
    expect(decoded).toEqual({ ok: true, value: [32, 1, { match: undefined }, 't'] });
  });

  it('[limits.maxDepth] counts CBOR indefinite-length arrays and maps, and tags, as levels', () => {
    const cbor = createSerializers().get('wamp.2.cbor')!;
    // [_ [_ ], {_ "a": 1}] with the inner ones indefinite: 2 levels; a tagged array inside: 3.
    const twoLevels = Uint8Array.of(0x9f, 0x9f, 0xff, 0xbf, 0x61, 0x61, 0x01, 0xff, 0xff);
    expect(cbor.decode(twoLevels, 2)).toEqual({ ok: true, value: [[], { a: 1 }] });
    expect(cbor.decode(twoLevels, 1)).toMatchObject({ tooDeep: true });
    const tagged = Uint8Array.of(0x81, 0xd8, 0x40, 0x80);
    expect(cbor.decode(tagged, 2)).toMatchObject({ tooDeep: true });
  });

  it('[WAMP §2.2] writes binary as "\\u0000" + base64 in JSON', () => {
    const json = serializers.find((s) => s.name === 'json')!;
    expect(json.encode([16, 1, {}, 'a', [Uint8Array.of(1, 2, 3)]])).toBe('[16,1,{},"a",["\\u0000AQID"]]');
    expect(json.encode([16, 1, {}, 'a', [Buffer.from([1, 2, 3])]])).toBe('[16,1,{},"a",["\\u0000AQID"]]');
    expect(json.decode('[16,1,{},"a",["\\u0000AQID"]]')).toEqual({
      ok: true,
      value: [16, 1, {}, 'a', [Uint8Array.of(1, 2, 3)]],
    });
  });
});

/** Levels of arrays and objects; bytes are leaves. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}
