/**
 * A bounded set of recently seen ids. A node subscribed to both `chat.room1` and the glob
 * `chat.*` receives one publish twice, back to back (Redis sends one copy per matching
 * subscription); remembering the last few thousand publication ids drops the second copy with
 * O(1) memory per node.
 */
export class RecentIds {
  readonly #seen = new Set<number>();
  readonly #ring: number[];
  #next = 0;

  constructor(capacity = 4096) {
    this.#ring = new Array<number>(capacity);
  }

  /** Records `id`; returns false when it was already among the recent ones. */
  add(id: number): boolean {
    if (this.#seen.has(id)) return false;
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#seen.delete(evicted);
    this.#ring[this.#next] = id;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.#seen.add(id);
    return true;
  }
}
