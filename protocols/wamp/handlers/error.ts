/** ERROR from a callee: passed to the caller with its URI, args and kwargs unchanged (WAMP RPC). */
import { RouterError } from '../../../src/plugin/index.js';
import { MessageCode, type MessageOfType } from '../messages.js';
import type { Peer } from '../peer.js';

/** A callee's own error: its args and kwargs reach the caller exactly as sent (no added message). */
export class CalleeError extends RouterError {
  override name = 'CalleeError';
}

export function handleError(peer: Peer, message: MessageOfType<'ERROR'>): void {
  // A client only ever answers an INVOCATION with ERROR (WAMP BB L283: any other type is a violation).
  if (message.requestType !== MessageCode.INVOCATION) {
    peer.protocolViolation(`ERROR for request type ${message.requestType}`);
    return;
  }
  const invocation = peer.invocations.get(message.request);
  // An answer after the router gave up on the invocation (killnowait, timeout) is ignored.
  if (invocation === undefined) return;
  peer.invocations.delete(message.request);
  peer.answeredInvocation();
  invocation.reject(
    new CalleeError(message.error, message.error, {
      ...(message.args && { args: message.args }),
      ...(message.kwargs && { kwargs: message.kwargs }),
    }),
  );
}
