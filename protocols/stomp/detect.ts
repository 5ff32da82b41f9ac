/**
 * Recognises STOMP from the first message of a connection that offered no subprotocol
 * (`Stomp.over(new WebSocket(url))`): a CONNECT or STOMP frame, after optional EOLs
 * (STOMP 1.2 "Heart-beating": EOLs may precede any frame).
 */
import type { MessageData } from '../../src/plugin/index.js';

const LF = 0x0a;
const CR = 0x0d;
const COMMANDS = ['CONNECT', 'STOMP'] as const;

/** Character code at `index` of a text or binary message (NaN past the end). */
function codeAt(data: MessageData, index: number): number {
  return typeof data === 'string' ? data.charCodeAt(index) : (data[index] ?? Number.NaN);
}

/** Whether `data` holds `command` at `start`, followed by an EOL (LF or CRLF). */
function commandAt(data: MessageData, start: number, command: string): boolean {
  for (let i = 0; i < command.length; i++) {
    if (codeAt(data, start + i) !== command.charCodeAt(i)) return false;
  }
  const end = start + command.length;
  const next = codeAt(data, end);
  return next === LF || (next === CR && codeAt(data, end + 1) === LF);
}

/** Whether the first message of a token-less connection is a STOMP CONNECT or STOMP frame. */
export function isStompConnect(first: MessageData): boolean {
  let start = 0;
  while (codeAt(first, start) === LF || codeAt(first, start) === CR) start++;
  return COMMANDS.some((command) => commandAt(first, start, command));
}
