/**
 * The in-process QueueStore of the test bus: the same list operations and atomicity as the
 * Redis scripts (everything runs synchronously, so each operation is atomic).
 */
import { EngineError } from '../errors/index.js';
import { type QueueStore, REDELIVERY } from './queue-store.js';

/** The lists and hashes themselves, shared by every node on one bus. */
export interface MemoryQueueData {
  /** Lists with index 0 as the left end (LPUSH side). */
  readonly lists: Map<string, Uint8Array[]>;
  readonly hashes: Map<string, Map<string, string>>;
}

export function createMemoryQueueData(): MemoryQueueData {
  return { lists: new Map(), hashes: new Map() };
}

/** One node's access to the shared data; it fails while that node cannot reach the bus. */
export class MemoryQueueStore implements QueueStore {
  readonly #lists: Map<string, Uint8Array[]>;
  readonly #hashes: Map<string, Map<string, string>>;
  readonly #isDown: () => boolean;

  constructor(data: MemoryQueueData, isDown: () => boolean) {
    this.#lists = data.lists;
    this.#hashes = data.hashes;
    this.#isDown = isDown;
  }

  async push(queue: string, entry: Uint8Array): Promise<void> {
    this.#check();
    this.#list(queue).unshift(Uint8Array.from(entry));
  }

  async take(queue: string, processing: string, nodeKey: string, origin: string): Promise<Uint8Array | undefined> {
    this.#check();
    const hash = this.#hashes.get(nodeKey) ?? new Map<string, string>();
    this.#hashes.set(nodeKey, hash);
    hash.set(processing, origin);
    const entry = this.#list(queue).pop();
    if (entry !== undefined) this.#list(processing).unshift(entry);
    return entry;
  }

  async remove(processing: string, entry: Uint8Array): Promise<void> {
    this.#check();
    this.#removeOne(processing, entry);
  }

  async restore(processing: string, queue: string, entry: Uint8Array, requeued: Uint8Array): Promise<void> {
    this.#check();
    if (this.#removeOne(processing, entry)) this.#list(queue).push(Uint8Array.from(requeued));
  }

  async recover(nodeKey: string): Promise<[string, string][]> {
    this.#check();
    const refilled: [string, string][] = [];
    for (const [processing, origin] of this.#hashes.get(nodeKey) ?? []) {
      const [queue, realm, name] = JSON.parse(origin) as [string, string, string];
      const taken = this.#list(processing);
      if (taken.length > 0) refilled.push([realm, name]);
      for (let entry = taken.shift(); entry !== undefined; entry = taken.shift()) {
        const flagged = Uint8Array.from(entry);
        flagged[0] = REDELIVERY;
        this.#list(queue).push(flagged);
      }
    }
    this.#hashes.delete(nodeKey);
    return refilled;
  }

  #check(): void {
    if (this.#isDown()) throw new EngineError('JNC_ERR_ENGINE_UNAVAILABLE', ['bus']);
  }

  async purge(queue: string): Promise<number> {
    this.#check();
    const length = this.#lists.get(queue)?.length ?? 0;
    this.#lists.delete(queue);
    return length;
  }

  #list(key: string): Uint8Array[] {
    const list = this.#lists.get(key) ?? [];
    this.#lists.set(key, list);
    return list;
  }

  #removeOne(key: string, entry: Uint8Array): boolean {
    const list = this.#list(key);
    const at = list.findIndex((item) => Buffer.compare(item, entry) === 0);
    if (at < 0) return false;
    list.splice(at, 1);
    return true;
  }
}
