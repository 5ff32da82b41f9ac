/**
 * SUBSCRIBE (STOMP 1.2 §SUBSCRIBE): `/topic/` subscribes the router topic (wildcards `*`, `#`);
 * `/queue/` becomes a competing consumer with `auto`, `client` or `client-individual` acks and an
 * optional `prefetch-count` (RabbitMQ's header) bounding unacked deliveries; `/temp-queue/` names
 * the subscription that replies to that temp queue arrive under (ActiveMQ style).
 */
import type { QueueDelivery, RoutedMessage } from '../../../src/plugin/index.js';
import { authorizeSubscribe } from '../access.js';
import type { StompContext } from '../context.js';
import { queueDestination, topicDestination } from '../destinations.js';
import { StompError } from '../errors.js';
import { type Frame, header } from '../frame.js';
import { AckMode, type SubscriptionEntry } from '../subscriptions.js';
import { wireSubscriptionId } from '../topic-frames.js';
import { requireDestination, requireHeader } from './util.js';

const ACK_MODES: readonly string[] = Object.values(AckMode);

export function handleSubscribe(context: StompContext, frame: Frame): void {
  const destinationName = requireHeader(frame, 'destination');
  const destination = requireDestination(frame);
  // STOMP 1.0 made `id` optional; its subscriptions are then known by their destination.
  const id = context.version === '1.0' ? (header(frame, 'id') ?? destinationName) : requireHeader(frame, 'id');
  const ack = header(frame, 'ack') ?? AckMode.AUTO;
  if (!ACK_MODES.includes(ack)) throw new StompError(`Invalid ack mode ${ack}; use auto, client or client-individual`);
  context.subscriptions.reserve(id);
  // issue 11: asked before anything changes, so a frame the authorize hook is deciding can run again.
  authorizeSubscribe(context, destination);
  const entry: SubscriptionEntry = {
    id,
    destination: destinationName,
    ack: ack as AckMode,
    cancel: () => {},
  };
  if (destination.kind === 'topic') {
    const subscription = context.router.subscribe(destination.topic, { match: destination.match }, (message) =>
      deliverTopic(context, entry, message),
    );
    entry.cancel = () => subscription.unsubscribe();
    context.subscriptions.add(entry);
  } else if (destination.kind === 'queue') {
    consumeQueue(context, entry, destination.queue, prefetchOf(frame));
  } else if (destination.kind === 'temp-queue') {
    // ActiveMQ style: replies to this temp queue arrive under this subscription id.
    entry.cancel = context.tempQueues.subscribe(destination.name, entry);
    context.subscriptions.add(entry);
  } else {
    const supported = '/topic/, /queue/ or /temp-queue/';
    throw new StompError(`Cannot subscribe to ${destinationName}; subscribe to ${supported} destinations`);
  }
}

function deliverTopic(context: StompContext, entry: SubscriptionEntry, message: RoutedMessage): void {
  // Auto ack: the message-id names the message (STOMP 1.2 MESSAGE), so every receiver's frame is
  // the same, built once per message and subscription id.
  if (entry.ack === AckMode.AUTO) {
    entry.wireId ??= wireSubscriptionId(entry.id, context.version);
    context.deliverTopic(message, entry.wireId);
    return;
  }
  const messageId = context.subscriptions.nextId(true);
  context.deliver(message, {
    destination: topicDestination(message.topic),
    subscription: entry.id,
    messageId,
    ack: messageId,
  });
}

function consumeQueue(context: StompContext, entry: SubscriptionEntry, queue: string, prefetch: number): void {
  const manual = entry.ack !== AckMode.AUTO;
  // Added first: the router may deliver queued messages while consume() runs.
  context.subscriptions.add(entry);
  try {
    const onDelivery = (delivery: QueueDelivery): void => {
      const messageId = context.subscriptions.nextId(false);
      if (manual) context.subscriptions.track(entry, messageId, delivery.deliveryId);
      context.deliver(delivery.message, {
        destination: queueDestination(delivery.queue),
        subscription: entry.id,
        messageId,
        ...(manual ? { ack: messageId } : {}),
        redelivered: delivery.redelivered,
      });
    };
    const consumer = context.router.consume(queue, { ack: manual ? 'manual' : 'auto', prefetch }, onDelivery);
    entry.consumer = consumer;
    entry.cancel = () => consumer.cancel();
  } catch (err) {
    context.subscriptions.remove(entry);
    throw err;
  }
}

function prefetchOf(frame: Frame): number {
  const value = header(frame, 'prefetch-count');
  if (value === undefined) return 0;
  if (!/^\d{1,9}$/.test(value)) throw new StompError(`Invalid prefetch-count ${value}`);
  return Number(value);
}
