/** The cluster codec: envelopes alone and in batches, and a node's own batches known unread. */
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeEnvelopes, type Envelope, isBatchFrom, Kind, senderBytes } from '../../src/cluster/codec.js';

const heartbeat = (n: string): Envelope => ({ n, k: Kind.HEARTBEAT, v: 1 });
/** What PublishBatch sends: an array header, then the envelopes (the sender's id first in each). */
const batchOf = (envelopes: unknown[]) => encode(envelopes);

describe('codec', () => {
  describe('#decodeEnvelopes', () => {
    it('decodes a lone envelope and a batch of them', () => {
      expect(decodeEnvelopes(encode(heartbeat('a')))).toEqual(heartbeat('a'));
      expect(decodeEnvelopes(batchOf([heartbeat('a'), heartbeat('a')]))).toEqual([heartbeat('a'), heartbeat('a')]);
    });

    it('throws on bytes that are not envelopes, alone or in a batch', () => {
      expect(() => decodeEnvelopes(encode({ k: 'nope', n: 'a' }))).toThrow(/JNC_ERR_ENGINE_ENVELOPE|envelope/i);
      expect(() => decodeEnvelopes(batchOf([heartbeat('a'), 'text']))).toThrow(/JNC_ERR_ENGINE_ENVELOPE|envelope/i);
    });
  });

  describe('#isBatchFrom', () => {
    const own = senderBytes('node-a');

    it("knows a node's own batch, whatever its length", () => {
      expect(isBatchFrom(batchOf([heartbeat('node-a'), heartbeat('node-a')]), own)).toBe(true);
      expect(isBatchFrom(batchOf(Array.from({ length: 20 }, () => heartbeat('node-a'))), own)).toBe(true);
    });

    it('knows it when the first envelope has 16 keys or more (map16)', () => {
      const wide = { n: 'node-a', ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`x${i}`, i])) };
      expect(isBatchFrom(batchOf([wide, wide]), own)).toBe(true);
    });

    it("does not take another node's batch, nor a lone envelope, for its own", () => {
      expect(isBatchFrom(batchOf([heartbeat('node-ab'), heartbeat('node-ab')]), own)).toBe(false);
      expect(isBatchFrom(batchOf([heartbeat('node-'), heartbeat('node-')]), own)).toBe(false);
      expect(isBatchFrom(encode(heartbeat('node-a')), own)).toBe(false);
      expect(isBatchFrom(batchOf([{ k: Kind.HEARTBEAT, n: 'node-a', v: 1 }]), own)).toBe(false);
    });
  });
});
