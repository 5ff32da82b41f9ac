/**
 * ABORT (STOMP 1.2 §ABORT): discards the transaction's frames; the RECEIPTs they asked for go out
 * now, in order, since their processing (discarding) is done.
 */
import type { StompContext } from '../context.js';
import type { Frame } from '../frame.js';
import { requireHeader, sendReceipt } from './util.js';

export function handleAbort(context: StompContext, frame: Frame): void {
  for (const receipt of context.transactions.abort(requireHeader(frame, 'transaction'))) sendReceipt(context, receipt);
}
