/** UNSUBSCRIBE → UNSUBSCRIBED, or ERROR `wamp.error.no_such_subscription`. */
import { MessageCode, type MessageOfType } from '../messages.js';
import type { Peer } from '../peer.js';
import { WampUri } from '../uris.js';

export function handleUnsubscribe(peer: Peer, message: MessageOfType<'UNSUBSCRIBE'>): void {
  const subscription = peer.subscriptions.get(message.subscription);
  if (subscription === undefined) {
    peer.sendError(MessageCode.UNSUBSCRIBE, message.request, WampUri.NO_SUCH_SUBSCRIPTION);
    return;
  }
  subscription.unsubscribe();
  peer.subscriptions.delete(subscription.id);
  peer.subscriptionKeys.delete(`${subscription.match} ${subscription.pattern}`);
  peer.send({ type: 'UNSUBSCRIBED', request: message.request });
}
