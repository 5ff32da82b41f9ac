/**
 * Parses a `Sec-WebSocket-Protocol` header the way ws does (lib/subprotocol.js): a comma-separated
 * list of RFC 7230 tokens with optional whitespace around commas. A character scan, not a regex
 * split, so a hostile header cannot cause backtracking (CVE-2021-32640).
 */

/** RFC 7230 `tchar`: the characters allowed in a token. */
const TOKEN_CHARS = new Uint8Array(128);
for (const ch of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN_CHARS[ch.charCodeAt(0)] = 1;
}

function isTokenChar(code: number): boolean {
  return code < 128 && TOKEN_CHARS[code] === 1;
}

/**
 * Returns the offered tokens in client order.
 * @throws SyntaxError on an empty token, an invalid character or a duplicated token.
 */
export function parseSubprotocols(header: string): string[] {
  const tokens: string[] = [];
  const seen = new Set<string>();
  let start = -1;
  let end = -1;
  const push = (index: number): void => {
    if (start === -1) throw new SyntaxError(`Unexpected character at index ${index}`);
    const token = header.slice(start, end === -1 ? index : end);
    if (seen.has(token)) throw new SyntaxError(`The "${token}" subprotocol is duplicated`);
    seen.add(token);
    tokens.push(token);
    start = end = -1;
  };
  for (let i = 0; i < header.length; i++) {
    const code = header.charCodeAt(i);
    if (end === -1 && isTokenChar(code)) {
      if (start === -1) start = i;
    } else if (i !== 0 && (code === 0x20 || code === 0x09)) {
      if (end === -1 && start !== -1) end = i;
    } else if (code === 0x2c) {
      push(i);
    } else {
      throw new SyntaxError(`Unexpected character at index ${i}`);
    }
  }
  push(header.length);
  return tokens;
}
