/**
 * The text of a WAMP JSON message's payload (`Arguments` and `ArgumentsKw`, the elements after
 * its fixed fields), found by skipping only the fixed fields: a CALL's payload reaches its callee
 * and a YIELD's its caller as the same text, so a WAMP JSON peer on the other side gets it
 * without the values being encoded again (issue 13: RESULT built from the YIELD's payload without
 * re-walking it). The text was parsed already, so it is valid JSON; this only finds where it is.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

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
export function payloadText(text: string, fixed: number): string | undefined {
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
