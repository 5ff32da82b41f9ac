/**
 * The in-process QueueStore of the test bus: the same list operations, bounds and atomicity as
 * the Redis scripts (everything runs synchronously, so each operation is atomic).
 */
import { EngineError } from '../errors/index.js';
import {
  isExpired,
  type PushBounds,
  type PushRefusal,
  type QueueStore,
  REDELIVERY,
  type RealmTally,
  readEntry,
} from './queue-store.js';

/** The lists, hashes and counters themselves, shared by every node on one bus. */
export interface MemoryQueueData {
  /** Lists with index 0 as the left end (LPUSH side). */
  readonly lists: Map<string, Uint8Array[]>;
  readonly hashes: Map<string, Map<string, string>>;
  /** Realm tallies: queue name → messages held. */
  readonly tallies: Map<string, Map<string, number>>;
  readonly counters: Map<string, number>;
}

export function createMemoryQueueData(): MemoryQueueData {
  return { lists: new Map(), hashes: new Map(), tallies: new Map(), counters: new Map() };
}

/** One node's access to the shared data; it fails while that node cannot reach the bus. */
export class MemoryQueueStore implements QueueStore {
  readonly #data: MemoryQueueData;
  readonly #isDown: () => boolean;

  constructor(data: MemoryQueueData, isDown: () => boolean) {
    this.#data = data;
    this.#isDown = isDown;
  }

  async push(
    queue: string,
    tally: RealmTally,
    name: string,
    entry: Uint8Array,
    bounds: PushBounds,
    now: number,
  ): Promise<PushRefusal | undefined> {
    this.#check();
    const list = this.#list(queue);
    this.#trim(tally, queue, name, now);
    if (list.length >= bounds.maxQueueLength) return { limit: 'maxQueueLength', held: list.length };
    const { bytes } = readEntry(entry);
    if (this.#realmRefusal(tally, name, bytes, bounds) !== undefined) {
      for (const other of [...this.#tally(tally).keys()]) this.#trim(tally, tally.queuePrefix + other, other, now);
      const refusal = this.#realmRefusal(tally, name, bytes, bounds);
      if (refusal !== undefined) return refusal;
    }
    list.unshift(Uint8Array.from(entry));
    const queues = this.#tally(tally);
    queues.set(name, (queues.get(name) ?? 0) + 1);
    this.#data.counters.set(tally.bytes, (this.#data.counters.get(tally.bytes) ?? 0) + bytes);
    return undefined;
  }

  /** The realm bound a message of `bytes` on queue `name` would pass, if any. */
  #realmRefusal(tally: RealmTally, name: string, bytes: number, bounds: PushBounds): PushRefusal | undefined {
    const queues = this.#tally(tally);
    if (!queues.has(name) && queues.size >= bounds.maxQueuesPerRealm) {
      return { limit: 'maxQueuesPerRealm', held: queues.size };
    }
    const held = this.#data.counters.get(tally.bytes) ?? 0;
    return held + bytes > bounds.maxQueuedBytes ? { limit: 'maxQueuedBytes', held } : undefined;
  }

  /** Drops the expired entries at the front (the oldest end) of a queue. */
  #trim(tally: RealmTally, queue: string, name: string, now: number): void {
    const list = this.#list(queue);
    while (list.length > 0 && isExpired(list[list.length - 1]!, now)) this.#release(tally, name, list.pop()!);
  }

  async take(
    queue: string,
    processing: string,
    nodeKey: string,
    origin: string,
    tally: RealmTally,
    name: string,
    now: number,
  ): Promise<Uint8Array | undefined> {
    this.#check();
    const hash = this.#data.hashes.get(nodeKey) ?? new Map<string, string>();
    this.#data.hashes.set(nodeKey, hash);
    hash.set(processing, origin);
    for (let entry = this.#list(queue).pop(); entry !== undefined; entry = this.#list(queue).pop()) {
      if (!isExpired(entry, now)) {
        this.#list(processing).unshift(entry);
        return entry;
      }
      this.#release(tally, name, entry);
    }
    return undefined;
  }

  async remove(processing: string, entry: Uint8Array, tally: RealmTally, name: string): Promise<void> {
    this.#check();
    if (this.#removeOne(processing, entry)) this.#release(tally, name, entry);
  }

  async restore(processing: string, queue: string, entry: Uint8Array, requeued: Uint8Array): Promise<void> {
    this.#check();
    if (this.#removeOne(processing, entry)) this.#list(queue).push(Uint8Array.from(requeued));
  }

  async recover(nodeKey: string): Promise<[string, string][]> {
    this.#check();
    const refilled: [string, string][] = [];
    for (const [processing, origin] of this.#data.hashes.get(nodeKey) ?? []) {
      const [queue, realm, name] = JSON.parse(origin) as [string, string, string];
      const taken = this.#list(processing);
      if (taken.length > 0) refilled.push([realm, name]);
      for (let entry = taken.shift(); entry !== undefined; entry = taken.shift()) {
        const flagged = Uint8Array.from(entry);
        flagged[0] = REDELIVERY;
        this.#list(queue).push(flagged);
      }
    }
    this.#data.hashes.delete(nodeKey);
    return refilled;
  }

  async purge(queue: string, tally: RealmTally, name: string): Promise<number> {
    this.#check();
    const entries = this.#data.lists.get(queue) ?? [];
    for (const entry of entries) this.#release(tally, name, entry);
    this.#data.lists.delete(queue);
    return entries.length;
  }

  #check(): void {
    if (this.#isDown()) throw new EngineError('JNC_ERR_ENGINE_UNAVAILABLE', ['bus']);
  }

  #list(key: string): Uint8Array[] {
    const list = this.#data.lists.get(key) ?? [];
    this.#data.lists.set(key, list);
    return list;
  }

  #tally(tally: RealmTally): Map<string, number> {
    const queues = this.#data.tallies.get(tally.queues) ?? new Map<string, number>();
    this.#data.tallies.set(tally.queues, queues);
    return queues;
  }

  /** One message out of the realm's tally (the Lua `release`). */
  #release(tally: RealmTally, name: string, entry: Uint8Array): void {
    const queues = this.#tally(tally);
    const count = (queues.get(name) ?? 0) - 1;
    if (count <= 0) queues.delete(name);
    else queues.set(name, count);
    const bytes = (this.#data.counters.get(tally.bytes) ?? 0) - readEntry(entry).bytes;
    if (bytes <= 0) this.#data.counters.delete(tally.bytes);
    else this.#data.counters.set(tally.bytes, bytes);
  }

  #removeOne(key: string, entry: Uint8Array): boolean {
    const list = this.#list(key);
    const at = list.findIndex((item) => Buffer.compare(item, entry) === 0);
    if (at < 0) return false;
    list.splice(at, 1);
    return true;
  }
}
