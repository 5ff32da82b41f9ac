/**
 * DISCONNECT (STOMP 1.2 §DISCONNECT): open transactions are aborted (the RECEIPTs of their
 * discarded frames go out, as at ABORT); with a `receipt` the RECEIPT goes out next, then the
 * connection closes.
 */
import type { StompContext } from '../context.js';
import type { Frame } from '../frame.js';
import { sendReceipt } from './util.js';

export function handleDisconnect(context: StompContext, _frame: Frame): void {
  for (const receipt of context.transactions.clear()) sendReceipt(context, receipt);
  context.disconnect();
}
