/**
 * One depth-bounded walk over JSON-like values, copying only what changes: most payloads are
 * plain JSON and pass through untouched. JSON.parse accepts any depth, but recursive walks and
 * JSON.stringify overflow the stack, so a protocol that maps untrusted values bounds the depth.
 */

/** A value nested deeper than a walk allows; protocols render it as their own error reply. */
export class PayloadDepthError extends Error {
  constructor(maxDepth: number) {
    super(`value nested deeper than ${maxDepth} levels`);
    this.name = 'PayloadDepthError';
  }
}

/**
 * Replaces a value during `mapValues`: return the value itself to keep it (arrays and objects are
 * then walked), anything else to replace it (not walked further).
 */
export type ValueMapper = (value: unknown) => unknown;

/**
 * Maps every value of a tree, depth first: `map` sees each value before its elements. Arrays and
 * objects (not bytes or other typed arrays) are walked; a copy is made only where something
 * changed, with own keys only, so a `__proto__` key stays an ordinary key of the copy.
 * Throws PayloadDepthError when arrays and objects nest deeper than `maxDepth`.
 */
export function mapValues(value: unknown, map: ValueMapper, maxDepth = Number.POSITIVE_INFINITY): unknown {
  const walk = (item: unknown, depth: number): unknown => {
    const mapped = map(item);
    if (mapped !== item || typeof item !== 'object' || item === null || ArrayBuffer.isView(item)) return mapped;
    if (depth >= maxDepth) throw new PayloadDepthError(maxDepth);
    if (Array.isArray(item)) return mapArray(item, (element) => walk(element, depth + 1));
    return mapRecord(item as Record<string, unknown>, (element) => walk(element, depth + 1));
  };
  return walk(value, 0);
}

/** Returns the same array when no element changed. */
function mapArray(array: readonly unknown[], map: (item: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const mapped = map(item);
    if (mapped !== item && copy === undefined) copy = array.slice(0, i);
    if (copy !== undefined) copy.push(mapped);
  }
  return copy ?? (array as unknown[]);
}

/**
 * Returns the same object when no value changed. Object.fromEntries defines own properties, so
 * a `__proto__` key stays an ordinary key and never replaces the prototype of the copy.
 */
function mapRecord(record: Record<string, unknown>, map: (item: unknown) => unknown): object {
  let changed = false;
  const entries = Object.entries(record).map(([key, item]) => {
    const mapped = map(item);
    if (mapped !== item) changed = true;
    return [key, mapped] as const;
  });
  return changed ? Object.fromEntries(entries) : record;
}
