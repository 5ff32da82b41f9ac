/**
 * ACK (STOMP 1.2 §ACK), and the settling shared with NACK. The headers differ per version: 1.2 uses `id` (the MESSAGE
 * `ack` header); 1.1 uses `message-id` and `subscription`; 1.0 uses `message-id` and has no NACK.
 * In `client` mode one ACK/NACK settles every earlier unacked message of the subscription.
 */
import type { StompContext } from '../context.js';
import { StompError } from '../errors.js';
import { type Frame, header } from '../frame.js';
import { requireHeader } from './util.js';

export function handleAck(context: StompContext, frame: Frame): void {
  settle(context, frame, false);
}

/** Settles the deliveries an ACK (`negative` false) or NACK names, now or at COMMIT. */
export function settle(context: StompContext, frame: Frame, negative: boolean): void {
  const ackId = context.version === '1.2' ? requireHeader(frame, 'id') : requireHeader(frame, 'message-id');
  const subscriptionId = context.version === '1.1' ? requireHeader(frame, 'subscription') : undefined;
  const requeue = negative ? requeueOf(frame) : true;
  const action = (): void => {
    const settlement = context.subscriptions.settle(ackId, subscriptionId);
    const consumer = settlement?.entry.consumer;
    if (settlement === undefined || consumer === undefined) return;
    for (const deliveryId of settlement.deliveryIds) {
      if (negative) consumer.nack(deliveryId, { requeue });
      else consumer.ack(deliveryId);
    }
  };
  context.transactions.applyOrDefer(frame, action);
}

/**
 * RabbitMQ's NACK `requeue` header: false drops the message instead of redelivering it. Any case
 * is accepted, because stomp.py writes Python's `False`; anything but true/false is an error.
 */
function requeueOf(frame: Frame): boolean {
  const value = header(frame, 'requeue');
  if (value === undefined) return true;
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw new StompError(`Invalid requeue header ${value}; use true or false`);
  return lower === 'true';
}
