/** SUBSCRIBE → SUBSCRIBED (WAMP Basic pub/sub; Advanced: pattern-based subscription). */
import { MessageCode, type MessageOfType } from '../messages.js';
import type { Peer } from '../peer.js';
import { isValidUri, WampUri } from '../uris.js';
import { readMatch } from './read-options.js';
import { answerFailure } from './router-error.js';

/** Send options for an EVENT, one object each rather than one per delivery. */
const BINARY = { binary: true } as const;
const TEXT = { binary: false } as const;

export function handleSubscribe(peer: Peer, message: MessageOfType<'SUBSCRIBE'>): void {
  const { request, topic } = message;
  try {
    const match = readMatch(message.options);
    if (!isValidUri(topic, match, peer.options.strictUris)) {
      peer.sendError(MessageCode.SUBSCRIBE, request, WampUri.INVALID_URI, { args: [`invalid topic ${topic}`] });
      return;
    }
    const key = `${match} ${topic}`;
    const existing = peer.subscriptionKeys.get(key);
    if (existing !== undefined) {
      // The same session subscribing twice gets the same subscription (WAMP pub/sub).
      peer.send({ type: 'SUBSCRIBED', request, subscription: existing });
      return;
    }
    if (peer.subscriptions.size >= peer.options.maxSubscriptions) {
      peer.sendError(MessageCode.SUBSCRIBE, request, WampUri.LIMIT_EXCEEDED, {
        args: [`at most ${peer.options.maxSubscriptions} subscriptions per session`],
      });
      return;
    }
    const subscription = peer.router.subscribe(topic, { match }, (routed, sub) => {
      if (peer.closed) return;
      const event = peer.events.encode(peer.serializer, routed, sub, peer.log);
      if (event !== undefined) peer.sendData(event, peer.serializer.binary ? BINARY : TEXT);
    });
    peer.subscriptions.set(subscription.id, subscription);
    peer.subscriptionKeys.set(key, subscription.id);
    peer.send({ type: 'SUBSCRIBED', request, subscription: subscription.id });
  } catch (error) {
    answerFailure(peer, MessageCode.SUBSCRIBE, request, error);
  }
}
