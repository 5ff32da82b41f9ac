/** ABORT (STOMP 1.2 §ABORT): discards the transaction's frames. */
import type { StompContext } from '../context.js';
import type { Frame } from '../frame.js';
import { requireHeader } from './util.js';

export function handleAbort(context: StompContext, frame: Frame): void {
  context.transactions.abort(requireHeader(frame, 'transaction'));
}
