import { describe, expect, it } from 'vitest';
import { MessageCode, parseMessage, toWire } from '../../../protocols/wamp/messages.js';

function reasonOf(value: unknown): string | undefined {
  const result = parseMessage(value);
  return result.ok ? undefined : result.reason;
}

describe('WAMP messages', () => {
  describe('parseMessage', () => {
    it('[WAMP §2.4] rejects anything but a non-empty list', () => {
      expect(reasonOf({ type: 1 })).toMatch(/non-empty list/);
      expect(reasonOf([])).toMatch(/non-empty list/);
      expect(reasonOf('[1]')).toMatch(/non-empty list/);
    });

    it('[WAMP §2.5] rejects unknown and extension type codes', () => {
      expect(reasonOf([7, {}])).toMatch(/unknown message type 7/);
      expect(reasonOf([300, {}])).toMatch(/unknown message type 300/);
      expect(reasonOf(['1', 'realm1', {}])).toMatch(/unknown message type/);
    });

    it('[WAMP §2.5] knows every code of the spec', () => {
      expect(Object.values(MessageCode).sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 8, 16, 17, 32, 33, 34, 35, 36, 48, 49, 50, 64, 65, 66, 67, 68, 69, 70,
      ]);
    });

    it('[WAMP §2.6] parses CALL with arguments and keyword arguments', () => {
      expect(parseMessage([48, 7, { timeout: 10 }, 'com.add', [1, 2], { round: true }])).toEqual({
        ok: true,
        message: {
          type: 'CALL',
          request: 7,
          options: { timeout: 10 },
          procedure: 'com.add',
          args: [1, 2],
          kwargs: { round: true },
        },
      });
    });

    it('[WAMP §2.6] rejects a message with a wrongly typed field', () => {
      expect(reasonOf([1, 5, {}])).toMatch(/HELLO.realm must be a URI/);
      expect(reasonOf([32, 1, [], 'topic'])).toMatch(/SUBSCRIBE.options must be a dict/);
      expect(reasonOf([48, 1, {}, 'p', { a: 1 }])).toMatch(/Arguments must be a list/);
      expect(reasonOf([48, 1, {}, 'p', [], []])).toMatch(/ArgumentsKw must be a dict/);
    });

    it('[WAMP §2.6] rejects a message that is too short or too long', () => {
      expect(reasonOf([32, 1, {}])).toMatch(/too short/);
      expect(reasonOf([34, 1, 2, 3])).toMatch(/too many/);
      expect(reasonOf([48, 1, {}, 'p', [], {}, 'extra'])).toMatch(/too many/);
    });

    it('[WAMP §2.7] treats empty Arguments and ArgumentsKw as absent', () => {
      expect(parseMessage([16, 1, {}, 't', [], {}])).toEqual({
        ok: true,
        message: { type: 'PUBLISH', request: 1, options: {}, topic: 't' },
      });
    });

    it('[WAMP §2.8] rejects option keys outside the spec grammar', () => {
      expect(reasonOf([32, 1, { Match: 'prefix' }, 't'])).toMatch(/valid keys/);
      expect(reasonOf([32, 1, { ab: 1 }, 't'])).toMatch(/valid keys/);
      expect(reasonOf([32, 1, { _vendor_x: 1, match: 'prefix' }, 't'])).toBeUndefined();
    });

    it('[WAMP §2.9] accepts ids in [1, 2^53] only, as numbers', () => {
      expect(reasonOf([34, 1, 2 ** 53])).toBeUndefined();
      expect(reasonOf([34, 1, 0])).toMatch(/id in/);
      expect(reasonOf([34, 1, 2 ** 53 + 2])).toMatch(/id in/);
      expect(reasonOf([34, 1, 1.5])).toMatch(/id in/);
      expect(reasonOf([34, 1, '12'])).toMatch(/id in/);
    });
  });

  describe('toWire', () => {
    it('[WAMP §2.7] puts an empty Arguments list before ArgumentsKw only when needed', () => {
      expect(toWire({ type: 'RESULT', request: 1, details: {}, kwargs: { a: 1 } })).toEqual([50, 1, {}, [], { a: 1 }]);
      expect(toWire({ type: 'RESULT', request: 1, details: {}, args: [] })).toEqual([50, 1, {}]);
    });
  });
});
