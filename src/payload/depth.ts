/**
 * Nesting limits checked before a message is decoded or walked (README "Limits", `maxDepth`).
 * Decoders, recursive walks and JSON.stringify overflow the stack somewhere past a few thousand
 * levels; these checks are loops with no recursion, so any input is measured in linear time.
 */

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-chars.js';

/**
 * True when the JSON text nests arrays and objects deeper than `maxDepth` (`[]` is one level).
 * Brackets inside strings do not count. Invalid JSON is measured all the same and left to the
 * parser to refuse.
 */
export function jsonNestsDeeper(text: string, maxDepth: number): boolean {
  // Each level takes a character: a text no longer than the limit cannot pass it.
  if (text.length <= maxDepth) return false;
  // Each level opens a bracket: with no more brackets than the limit (inside strings or not), it
  // cannot be passed either. Counted with the engine's native search, the common case (a message
  // with a handful of brackets) skips the scan below.
  if (!hasMoreThan(text, '[', '{', maxDepth)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** True when `text` holds more than `limit` of the characters `a` and `b` together. */
function hasMoreThan(text: string, a: string, b: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf(a); i !== -1; i = text.indexOf(a, i + 1)) if (++count > limit) return true;
  for (let i = text.indexOf(b); i !== -1; i = text.indexOf(b, i + 1)) if (++count > limit) return true;
  return false;
}
