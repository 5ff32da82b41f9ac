/** BEGIN (STOMP 1.2 §BEGIN): opens a transaction; ids are unique per connection. */
import type { StompContext } from '../context.js';
import type { Frame } from '../frame.js';
import { requireHeader } from './util.js';

export function handleBegin(context: StompContext, frame: Frame): void {
  context.transactions.begin(requireHeader(frame, 'transaction'));
}
