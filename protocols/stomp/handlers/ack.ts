/**
 * ACK (STOMP 1.2 §ACK), and the settling shared with NACK. The headers differ per version: 1.2 uses `id` (the MESSAGE
 * `ack` header); 1.1 uses `message-id` and `subscription`; 1.0 uses `message-id` and has no NACK.
 * In `client` mode one ACK/NACK settles every earlier unacked message of the subscription.
 */
import type { StompContext } from '../context.js';
import { type Frame, header } from '../frame.js';
import { requireHeader } from './util.js';

export function handleAck(context: StompContext, frame: Frame): void {
  settle(context, frame, false);
}

/** Settles the deliveries an ACK (`negative` false) or NACK names, now or at COMMIT. */
export function settle(context: StompContext, frame: Frame, negative: boolean): void {
  const ackId = context.version === '1.2' ? requireHeader(frame, 'id') : requireHeader(frame, 'message-id');
  const subscriptionId = context.version === '1.1' ? requireHeader(frame, 'subscription') : undefined;
  // RabbitMQ's NACK `requeue` header: false drops the message instead of redelivering it.
  const requeue = header(frame, 'requeue') !== 'false';
  const action = (): void => {
    const settlement = context.subscriptions.settle(ackId, subscriptionId);
    const consumer = settlement?.entry.consumer;
    if (settlement === undefined || consumer === undefined) return;
    for (const deliveryId of settlement.deliveryIds) {
      if (negative) consumer.nack(deliveryId, { requeue });
      else consumer.ack(deliveryId);
    }
  };
  const transaction = header(frame, 'transaction');
  if (transaction === undefined) action();
  else context.transactions.add(transaction, action);
}
