/** UNSUBSCRIBE (STOMP 1.2 §UNSUBSCRIBE): the `id` must name an existing subscription. */
import type { StompContext } from '../context.js';
import { StompError } from '../errors.js';
import { type Frame, header } from '../frame.js';
import { requireHeader } from './util.js';

export function handleUnsubscribe(context: StompContext, frame: Frame): void {
  const id = context.version === '1.0' ? header(frame, 'id') : requireHeader(frame, 'id');
  const entry =
    id !== undefined
      ? context.subscriptions.get(id)
      : // STOMP 1.0: UNSUBSCRIBE may name the destination instead.
        context.subscriptions.findByDestination(requireHeader(frame, 'destination'));
  if (entry === undefined)
    throw new StompError(`No subscription ${id ?? header(frame, 'destination')} on this connection`);
  context.subscriptions.remove(entry);
}
