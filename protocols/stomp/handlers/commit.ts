/** COMMIT (STOMP 1.2 §COMMIT): applies the transaction's SEND/ACK/NACK frames, in order. */
import type { StompContext } from '../context.js';
import type { Frame } from '../frame.js';
import { requireHeader } from './util.js';

export function handleCommit(context: StompContext, frame: Frame): void {
  for (const action of context.transactions.commit(requireHeader(frame, 'transaction'))) action();
}
