/** YIELD from a callee: a progressive or final result (an unknown INVOCATION id is a violation, WAMP BB L283). */
import type { MessageOfType } from '../messages.js';
import type { Peer } from '../peer.js';

export function handleYield(peer: Peer, message: MessageOfType<'YIELD'>): void {
  const invocation = peer.invocations.get(message.request);
  if (invocation === undefined) {
    peer.protocolViolation(`YIELD for unknown INVOCATION ${message.request}`);
    return;
  }
  const payload = { args: message.args, kwargs: message.kwargs, encoded: message.encoded };
  if (message.options.progress === true) {
    invocation.progress(payload);
    return;
  }
  peer.invocations.delete(message.request);
  peer.answeredInvocation();
  invocation.resolve(payload);
}
