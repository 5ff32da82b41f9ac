/**
 * COMMIT (STOMP 1.2 §COMMIT): applies the transaction's SEND/ACK/NACK frames, in order, each
 * followed by the RECEIPT it asked for (the frame has now taken effect).
 */
import type { StompContext } from '../context.js';
import type { Frame } from '../frame.js';
import { requireHeader, sendReceipt } from './util.js';

export function handleCommit(context: StompContext, frame: Frame): void {
  const id = requireHeader(frame, 'transaction');
  context.transactions.authorizeAll(id);
  for (const deferred of context.transactions.commit(id)) {
    deferred.apply();
    if (deferred.receipt !== undefined) sendReceipt(context, deferred.receipt);
  }
}
