/**
 * An index of patterns (subscriptions or registrations) that finds the ones matching a topic in
 * O(topic length + matches), never by scanning every pattern:
 * - exact: a Map lookup;
 * - prefix: a character trie walked along the topic (WAMP prefix match is a plain string prefix,
 *   so `a.b` matches `a.b`, `a.b.c` and `a.bc`);
 * - wildcard: a segment trie where `*` and an empty segment (WAMP `a..c`) match exactly one
 *   segment and `#` matches zero or more (RabbitMQ topic exchange semantics).
 */

import type { MatchPolicy } from '../types.js';
import { ANY_SEGMENTS, ONE_SEGMENT } from './topic-pattern.js';

/** What the index stores: anything with a pattern and a match policy. */
export interface IndexedPattern {
  readonly pattern: string;
  readonly match: MatchPolicy;
}

interface CharNode<E> {
  readonly children: Map<number, CharNode<E>>;
  entry?: E;
}

interface SegmentNode<E> {
  /** Identifies the node in the per-walk memo of `#` expansions. */
  readonly id: number;
  /** Literal segments plus the wild keys `*`, `` and `#`, which topics never contain. */
  readonly children: Map<string, SegmentNode<E>>;
  entry?: E;
}

/** Per-walk state of a wildcard match: topic segments and the `#` expansions already tried. */
interface WildcardWalk<E> {
  readonly segments: readonly string[];
  readonly visit: (entry: E) => void;
  memo?: Set<number>;
}

export class PatternIndex<E extends IndexedPattern> {
  readonly #byKey = new Map<string, E>();
  readonly #exact = new Map<string, E>();
  readonly #prefix: CharNode<E> = { children: new Map() };
  #nodeIds = 0;
  readonly #wildcard: SegmentNode<E> = this.#segmentNode();
  #wildcardCount = 0;

  get size(): number {
    return this.#byKey.size;
  }

  /** The entry stored for exactly this pattern and policy. */
  get(pattern: string, match: MatchPolicy): E | undefined {
    return this.#byKey.get(key(pattern, match));
  }

  /** All entries, in insertion order. */
  values(): IterableIterator<E> {
    return this.#byKey.values();
  }

  /** Adds an entry; the caller ensures no entry with the same pattern and policy exists. */
  add(entry: E): void {
    this.#byKey.set(key(entry.pattern, entry.match), entry);
    if (entry.match === 'exact') this.#exact.set(entry.pattern, entry);
    else if (entry.match === 'prefix') this.#charPath(entry.pattern, true)!.entry = entry;
    else {
      this.#segmentPath(entry.pattern.split('.'), true)!.entry = entry;
      this.#wildcardCount++;
    }
  }

  /** Removes an entry; unknown entries are ignored. Empty trie branches are pruned. */
  delete(entry: E): void {
    const k = key(entry.pattern, entry.match);
    if (this.#byKey.get(k) !== entry) return;
    this.#byKey.delete(k);
    if (entry.match === 'exact') this.#exact.delete(entry.pattern);
    else if (entry.match === 'prefix') this.#deletePrefix(entry.pattern);
    else {
      this.#deleteWildcard(entry.pattern.split('.'));
      this.#wildcardCount--;
    }
  }

  /**
   * Calls `visit` once for every entry matching `topic`: exact first, then prefixes from the
   * shortest to the longest, then wildcards. `topic` must be a valid topic.
   */
  match(topic: string, visit: (entry: E) => void): void {
    const exact = this.#exact.get(topic);
    if (exact !== undefined) visit(exact);
    this.#matchPrefix(topic, visit);
    if (this.#wildcardCount > 0) this.#walk(this.#wildcard, 0, { segments: topic.split('.'), visit });
  }

  #matchPrefix(topic: string, visit: (entry: E) => void): void {
    let node: CharNode<E> | undefined = this.#prefix;
    for (let i = 0; i < topic.length; i++) {
      node = node.children.get(topic.charCodeAt(i));
      if (node === undefined) return;
      if (node.entry !== undefined) visit(node.entry);
    }
  }

  #walk(node: SegmentNode<E>, i: number, walk: WildcardWalk<E>): void {
    const { segments } = walk;
    if (i === segments.length) {
      if (node.entry !== undefined) walk.visit(node.entry);
    } else {
      const literal = node.children.get(segments[i]!);
      if (literal !== undefined) this.#walk(literal, i + 1, walk);
      const star = node.children.get(ONE_SEGMENT);
      if (star !== undefined) this.#walk(star, i + 1, walk);
      const empty = node.children.get('');
      if (empty !== undefined) this.#walk(empty, i + 1, walk);
    }
    const many = node.children.get(ANY_SEGMENTS);
    if (many === undefined) return;
    // `#` swallows segments i..j-1 for every j. Two `#` in one pattern reach the same
    // (node, position) along different splits; the memo keeps that polynomial and visits
    // each entry once.
    walk.memo ??= new Set();
    for (let j = i; j <= segments.length; j++) {
      const state = many.id * (segments.length + 1) + j;
      if (walk.memo.has(state)) continue;
      walk.memo.add(state);
      this.#walk(many, j, walk);
    }
  }

  #charPath(pattern: string, create: boolean): CharNode<E> | undefined {
    let node = this.#prefix;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let next = node.children.get(code);
      if (next === undefined) {
        if (!create) return undefined;
        next = { children: new Map() };
        node.children.set(code, next);
      }
      node = next;
    }
    return node;
  }

  #deletePrefix(pattern: string): void {
    const path: CharNode<E>[] = [this.#prefix];
    for (let i = 0; i < pattern.length; i++) path.push(path[i]!.children.get(pattern.charCodeAt(i))!);
    path[path.length - 1]!.entry = undefined;
    for (let i = pattern.length; i > 0; i--) {
      const node = path[i]!;
      if (node.entry !== undefined || node.children.size > 0) return;
      path[i - 1]!.children.delete(pattern.charCodeAt(i - 1));
    }
  }

  #segmentNode(): SegmentNode<E> {
    return { id: this.#nodeIds++, children: new Map() };
  }

  #segmentPath(segments: readonly string[], create: boolean): SegmentNode<E> | undefined {
    let node = this.#wildcard;
    for (const segment of segments) {
      let next = node.children.get(segment);
      if (next === undefined) {
        if (!create) return undefined;
        next = this.#segmentNode();
        node.children.set(segment, next);
      }
      node = next;
    }
    return node;
  }

  #deleteWildcard(segments: readonly string[]): void {
    const path: SegmentNode<E>[] = [this.#wildcard];
    for (let i = 0; i < segments.length; i++) path.push(path[i]!.children.get(segments[i]!)!);
    path[path.length - 1]!.entry = undefined;
    for (let i = segments.length; i > 0; i--) {
      const node = path[i]!;
      if (node.entry !== undefined || node.children.size > 0) return;
      path[i - 1]!.children.delete(segments[i - 1]!);
    }
  }
}

function key(pattern: string, match: MatchPolicy): string {
  return `${match}\u0000${pattern}`;
}
