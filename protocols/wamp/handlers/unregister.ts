/** UNREGISTER → UNREGISTERED, or ERROR `wamp.error.no_such_registration`. */
import { MessageCode, type MessageOfType } from '../messages.js';
import type { Peer } from '../peer.js';
import { WampUri } from '../uris.js';

export function handleUnregister(peer: Peer, message: MessageOfType<'UNREGISTER'>): void {
  const registration = peer.registrations.get(message.registration);
  if (registration === undefined) {
    peer.sendError(MessageCode.UNREGISTER, message.request, WampUri.NO_SUCH_REGISTRATION);
    return;
  }
  // Pending invocations on this callee fail with wamp.error.canceled (router).
  registration.unregister();
  peer.registrations.delete(registration.id);
  peer.send({ type: 'UNREGISTERED', request: message.request });
}
