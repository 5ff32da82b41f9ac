/**
 * Per-version header escaping (STOMP 1.1 and 1.2 "Value Encoding"). STOMP 1.0 has none; 1.1 defines
 * `\n \c \\`; 1.2 adds `\r`. CONNECT and CONNECTED frames are never escaped, for 1.0 compatibility.
 */
import type { StompVersion } from './frame.js';

const BACKSLASH = 0x5c;

/** Whether frames of `command` escape their headers at all. */
export function escapesHeaders(command: string, version: StompVersion): boolean {
  return version !== '1.0' && command !== 'CONNECT' && command !== 'CONNECTED' && command !== 'STOMP';
}

/**
 * Decodes the escapes in `raw`. Returns undefined for an undefined escape sequence, which the spec
 * makes a fatal error (e.g. `\t`, a trailing `\`, or `\r` in 1.1).
 */
export function unescapeHeader(raw: string, version: StompVersion): string | undefined {
  if (raw.indexOf('\\') === -1) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code !== BACKSLASH) {
      out += raw[i];
      continue;
    }
    const next = raw[++i];
    if (next === 'n') out += '\n';
    else if (next === 'c') out += ':';
    else if (next === '\\') out += '\\';
    else if (next === 'r' && version === '1.2') out += '\r';
    else return undefined;
  }
  return out;
}

/** A char scan, not a regex: this runs for every header of every MESSAGE delivered. */
function needsEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x5c || code === 0x0a || code === 0x3a || code === 0x0d) return true;
  }
  return false;
}

const ESCAPES_12: Record<string, string> = { '\\': '\\\\', '\n': '\\n', ':': '\\c', '\r': '\\r' };

/** Encodes a header name or value for 1.1 or 1.2; 1.1 cannot express CR, so it is dropped there. */
export function escapeHeader(value: string, version: StompVersion): string {
  if (!needsEscape(value)) return value;
  const source = version === '1.1' ? value.replace(/\r/g, '') : value;
  return source.replace(/[\\\n:\r]/g, (char) => ESCAPES_12[char] ?? char);
}

/**
 * Replaces what an unescaped header cannot carry (CONNECTED is never escaped): CR and LF anywhere,
 * and a colon in a name. A value keeps its colons since a header splits at its first colon.
 */
export function flattenHeader(value: string, isName = false): string {
  return value.replace(isName ? /[\r\n:]/g : /[\r\n]/g, ' ');
}
