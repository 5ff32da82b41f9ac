/**
 * A growable ring buffer: O(1) push, shift and unshift. Queues need all three (requeued and
 * redelivered messages go back to the front), and Array#shift is O(n) on large arrays.
 */
export class Deque<T> {
  #items: (T | undefined)[] = new Array(16);
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) % this.#items.length] = item;
    this.#length++;
  }

  unshift(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#head = (this.#head - 1 + this.#items.length) % this.#items.length;
    this.#items[this.#head] = item;
    this.#length++;
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#length--;
    return item;
  }

  /** Removes every item `drop` returns true for, keeping the others in order; returns how many went. */
  removeIf(drop: (item: T) => boolean): number {
    const before = this.#length;
    const kept: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) if (!drop(item)) kept.push(item);
    for (const item of kept) this.push(item);
    return before - kept.length;
  }

  #grow(): void {
    const items: (T | undefined)[] = new Array(this.#items.length * 2);
    for (let i = 0; i < this.#length; i++) items[i] = this.#items[(this.#head + i) % this.#items.length];
    this.#items = items;
    this.#head = 0;
  }
}
