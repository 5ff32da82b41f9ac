/**
 * Where a SEND (or an /rpc/ reply) goes, by the kind of its destination: a topic publish, a
 * queue, this session's temp queue, or another session's reply queue. Handlers call it with the
 * session's context, so a frame's path runs session → handler → router and never back.
 */
import { addressed, type Content } from './content.js';
import type { StompContext } from './context.js';
import type { Destination } from './destinations.js';
import { StompError } from './errors.js';

/** Publishes, enqueues or replies to a parsed destination. Throws StompError for an /rpc/ one. */
export function publishTo(context: StompContext, destination: Destination, input: Content): void {
  switch (destination.kind) {
    case 'topic':
      context.router.publish(addressed(input, destination.topic));
      return;
    case 'queue': {
      const queued = addressed(input, destination.queue);
      queued.expires = expiresOf(input);
      // A shared queue (cluster) is bounded by the engine's service: its refusal comes later, and
      // ends the session as a synchronous one would (ERROR, close), after the SEND's RECEIPT.
      context.router.enqueue(destination.queue, queued)?.catch((err: unknown) => context.fail(err as Error));
      return;
    }
    case 'temp-queue':
      // Only this session's temp queue receives it, not a `#` or `junction.` subscriber elsewhere.
      context.tempQueues.publish(destination.name, input);
      return;
    case 'reply-queue':
      // A reply path: only its owner receives it (no client may subscribe to one).
      context.router.publish(addressed(input, destination.topic));
      return;
    default:
      throw new StompError('An /rpc/ destination cannot receive replies');
  }
}

/**
 * The `expires` header of a SEND to a queue, as ActiveMQ reads it: milliseconds since the epoch
 * after which the message is dropped unread, 0 or absent for never (it stays a user header too).
 */
function expiresOf(input: Content): number {
  const value = input.headers?.expires;
  if (value === undefined) return 0;
  if (!/^\d{1,16}$/.test(value)) throw new StompError(`expires must be milliseconds since the epoch, got "${value}"`);
  return Number(value);
}
