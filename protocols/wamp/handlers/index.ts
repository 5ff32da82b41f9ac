/** Dispatch of an established session's messages to one handler per message type. */
import type { WampMessage } from '../messages.js';
import type { Peer } from '../peer.js';
import { handleCall } from './call.js';
import { handleCancel } from './cancel.js';
import { handleError } from './error.js';
import { handlePublish } from './publish.js';
import { handleRegister } from './register.js';
import { handleSubscribe } from './subscribe.js';
import { handleUnregister } from './unregister.js';
import { handleUnsubscribe } from './unsubscribe.js';
import { handleYield } from './yield.js';

/** Runs the handler for a client message of an established session. */
export function dispatch(peer: Peer, message: WampMessage): void {
  switch (message.type) {
    case 'SUBSCRIBE':
      handleSubscribe(peer, message);
      return;
    case 'UNSUBSCRIBE':
      handleUnsubscribe(peer, message);
      return;
    case 'PUBLISH':
      handlePublish(peer, message);
      return;
    case 'REGISTER':
      handleRegister(peer, message);
      return;
    case 'UNREGISTER':
      handleUnregister(peer, message);
      return;
    case 'CALL':
      handleCall(peer, message);
      return;
    case 'CANCEL':
      handleCancel(peer, message);
      return;
    case 'YIELD':
      handleYield(peer, message);
      return;
    case 'ERROR':
      handleError(peer, message);
      return;
    default:
      peer.protocolViolation(`${message.type} is not allowed in an established session`);
  }
}
