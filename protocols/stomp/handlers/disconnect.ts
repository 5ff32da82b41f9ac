/**
 * DISCONNECT (STOMP 1.2 §DISCONNECT): open transactions are aborted; with a `receipt` the RECEIPT
 * goes out first, then the connection closes.
 */
import type { StompContext } from '../context.js';
import type { Frame } from '../frame.js';

export function handleDisconnect(context: StompContext, _frame: Frame): void {
  context.transactions.clear();
  context.disconnect();
}
