/** Helpers shared by the command handlers. */

import type { StompContext } from '../context.js';
import { type Destination, parseDestination } from '../destinations.js';
import { missingHeader, StompError } from '../errors.js';
import { Command, type Frame, header } from '../frame.js';

/** The value of a required header, or a StompError naming it. */
export function requireHeader(frame: Frame, name: string): string {
  const value = header(frame, name);
  if (value === undefined) throw missingHeader(frame.command, name);
  return value;
}

/** Parses the frame's `destination` header. */
export function requireDestination(frame: Frame): Destination {
  const parsed = parseDestination(requireHeader(frame, 'destination'));
  if ('error' in parsed) throw new StompError(parsed.error);
  return parsed;
}

/** STOMP 1.2 RECEIPT: `receipt-id` echoes the frame's `receipt`. */
export function sendReceipt(context: StompContext, receipt: string): void {
  context.sendFrame(Command.RECEIPT, [['receipt-id', receipt]]);
}
