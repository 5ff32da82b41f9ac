/**
 * Shared-queue entries (src/cluster/queue-store.ts): the header the Lua scripts read (counted
 * bytes, expiry) round-trips, and an entry queued by a node of the version before the bounds
 * (flag byte, then MessagePack at once) still decodes after an upgrade, counting 0 bytes and
 * never expiring.
 */
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { isExpired, makeEntry, readEntry } from '../../src/cluster/queue-store.js';

const message = { topic: 'jobs', args: [1, 'two'], headers: {}, publicationId: 7 };

describe('shared-queue entries', () => {
  it('carry the counted bytes and the expiry ahead of the message', () => {
    const entry = makeEntry(123, 1_800_000_000_000, encode(message));
    const read = readEntry(entry);
    expect(read).toMatchObject({ bytes: 123, expires: 1_800_000_000_000 });
    expect(decode(read.body)).toEqual(message);
    expect(isExpired(entry, 1_799_999_999_999)).toBe(false);
    expect(isExpired(entry, 1_800_000_000_000)).toBe(true);
    expect(isExpired(makeEntry(1, 0, encode(message)), Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('read an entry from before the bounds as 0 bytes that never expire', () => {
    const body = encode(message);
    const old = new Uint8Array(body.length + 1);
    old.set(body, 1);
    const read = readEntry(old);
    expect(read).toMatchObject({ bytes: 0, expires: 0 });
    expect(decode(read.body)).toEqual(message);
  });
});
