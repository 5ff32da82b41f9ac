/** PublishBatch over the in-process bus: what one turn of sends puts on the service, in what order. */
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { BusBackend, MemoryBus } from '../../src/cluster/bus-engine.js';
import { decodeEnvelopes, type Envelope, Kind } from '../../src/cluster/codec.js';
import { BatchFailures, PublishBatch } from '../../src/cluster/publish-batch.js';

/** A bus with one member subscribed to `channels`, recording what it receives (channel-less: bytes). */
async function recordingBus(channels: string[]) {
  const bus = new MemoryBus();
  const received: Uint8Array[] = [];
  const listener = new BusBackend(bus);
  await listener.connect((data) => received.push(data));
  for (const channel of channels) await listener.subscribe(channel);
  return { bus, received, publisher: new BusBackend(bus) };
}

const heartbeat = (v: number): Envelope => ({ n: 'node-a', k: Kind.HEARTBEAT, v });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PublishBatch', () => {
  describe('#add', () => {
    it('sends the envelopes of one turn to one channel as one message, in order', async () => {
      const { received, publisher } = await recordingBus(['c1']);
      const batch = new PublishBatch(publisher);
      const sent = [1, 2, 3].map((v) => batch.add('c1', encode(heartbeat(v))));
      await Promise.all(sent);
      await tick();
      expect(received).toHaveLength(1);
      expect(decodeEnvelopes(received[0] as Uint8Array)).toEqual([heartbeat(1), heartbeat(2), heartbeat(3)]);
    });

    it('sends a lone envelope bare, as a single MessagePack map', async () => {
      const { received, publisher } = await recordingBus(['c1']);
      await new PublishBatch(publisher).add('c1', encode(heartbeat(7)));
      await tick();
      expect(decode(received[0] as Uint8Array)).toEqual(heartbeat(7));
    });

    it('keeps send order across channels: another channel first sends the batch before it', async () => {
      const { received, publisher } = await recordingBus(['c1', 'c2']);
      const batch = new PublishBatch(publisher);
      await Promise.all([
        batch.add('c1', encode(heartbeat(1))),
        batch.add('c1', encode(heartbeat(2))),
        batch.add('c2', encode(heartbeat(3))),
        batch.add('c1', encode(heartbeat(4))),
      ]);
      await tick();
      expect(received.map((data) => decodeEnvelopes(data))).toEqual([
        [heartbeat(1), heartbeat(2)],
        heartbeat(3),
        heartbeat(4),
      ]);
    });

    it('copies the bytes it is given (the encoder reuses its buffer)', async () => {
      const { received, publisher } = await recordingBus(['c1']);
      const batch = new PublishBatch(publisher);
      const bytes = encode(heartbeat(1));
      const sent = batch.add('c1', bytes);
      bytes.fill(0);
      await sent;
      await tick();
      expect(decodeEnvelopes(received[0] as Uint8Array)).toEqual(heartbeat(1));
    });

    it('counts past 15 envelopes in the array header, and starts a new batch past 256 KB', async () => {
      const { received, publisher } = await recordingBus(['c1']);
      const batch = new PublishBatch(publisher);
      const small = encode(heartbeat(0));
      for (const count of [16, 40_000]) {
        const sent = Array.from({ length: count }, () => batch.add('c1', small));
        await Promise.all(sent);
      }
      await tick();
      const counts = received.map((data) => (decodeEnvelopes(data) as Envelope[]).length);
      expect(counts.reduce((a, b) => a + b)).toBe(40_016);
      expect(counts[0]).toBe(16);
      expect(counts.length).toBeGreaterThan(2);
      for (const data of received) expect(data.length).toBeLessThanOrEqual(256 * 1024);
    });

    it('rejects every envelope of a batch the service refused', async () => {
      const { bus, publisher } = await recordingBus(['c1']);
      const batch = new PublishBatch(publisher);
      bus.down = true;
      const sent = [1, 2].map((v) => batch.add('c1', encode(heartbeat(v))));
      for (const result of await Promise.allSettled(sent)) expect(result.status).toBe('rejected');
    });
  });

  describe('BatchFailures', () => {
    it('hears a refused batch once however many envelopes it carried, and every refused batch', async () => {
      const { bus, publisher } = await recordingBus(['c1', 'c2']);
      const batch = new PublishBatch(publisher);
      const heard: unknown[] = [];
      const failures = new BatchFailures((_sent, err) => heard.push(err));
      bus.down = true;
      for (const v of [1, 2, 3]) failures.watch(batch.add('c1', encode(heartbeat(v))));
      failures.watch(batch.add('c2', encode(heartbeat(4))));
      await tick();
      expect(heard).toHaveLength(2);
      expect(String(heard[0])).toMatch(/down|unavailable/i);
    });
  });
});
