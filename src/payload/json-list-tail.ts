/**
 * The text of a JSON list's elements after its first few, found by skipping only those: a
 * protocol that forwards a message's trailing elements unchanged (WAMP JSON: a CALL's
 * `Arguments, ArgumentsKw` become the INVOCATION's) takes them as text instead of encoding the
 * values again (issue 13). The text must have been parsed already: this only finds where the
 * elements are, it does not validate them.
 */
import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-chars.js';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index just past the string that starts at `at` (its opening quote). */
function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** The index just past the JSON value that starts at or after `at`; -1 when there is none. */
function skipValue(text: string, at: number): number {
  const start = skipSpace(text, at);
  const first = text.charCodeAt(start);
  if (first === QUOTE) return skipString(text, start);
  if (first !== OPEN_ARRAY && first !== OPEN_OBJECT) {
    // A number or a literal: up to the next delimiter.
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT || isSpace(c)) break;
      i++;
    }
    return i > start ? i : -1;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) depth++;
    else if ((c === CLOSE_ARRAY || c === CLOSE_OBJECT) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The text of the elements after the first `fixed` ones of the JSON list `text` (the message
 * type counts as one), without the closing bracket; undefined when it cannot be found.
 */
export function jsonListTail(text: string, fixed: number): string | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_ARRAY) return undefined;
  i++;
  for (let n = 0; n < fixed; n++) {
    i = skipValue(text, i);
    if (i < 0) return undefined;
    i = skipSpace(text, i);
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i++;
  }
  const end = text.lastIndexOf(']');
  return end > i ? text.slice(i, end) : undefined;
}
