/**
 * REGISTER → REGISTERED; each routed call becomes an INVOCATION with a request id from this
 * callee session's own sequence (WAMP BB L100). Advanced: pattern-based and shared registration,
 * caller identification, progressive results, INTERRUPT on cancel.
 */
import { type Invocation, type InvocationAborted, type InvokePolicy, RouterError } from '../../../src/plugin/index.js';
import { MessageCode, type MessageOfType, WAMP_JSON } from '../messages.js';
import type { Peer } from '../peer.js';
import { isReserved, isValidUri, WampUri } from '../uris.js';
import { readEnum, readMatch } from './read-options.js';
import { answerFailure } from './router-error.js';

const INVOKE_POLICIES: readonly InvokePolicy[] = ['single', 'roundrobin', 'random', 'first', 'last'];

/** Details of a plain INVOCATION: shared, never written to. */
const NO_DETAILS: Readonly<Record<string, unknown>> = Object.freeze({});

function invocationDetails(peer: Peer, invocation: Invocation): Readonly<Record<string, unknown>> {
  const plain =
    invocation.registration.match === 'exact' &&
    invocation.caller === undefined &&
    !(invocation.receiveProgress && peer.features.calleeProgress);
  if (plain) return NO_DETAILS;
  const details: Record<string, unknown> = {};
  if (invocation.registration.match !== 'exact') details.procedure = invocation.procedure;
  if (invocation.caller !== undefined) {
    details.caller = invocation.caller.id;
    details.caller_authid = invocation.caller.authid;
    details.caller_authrole = invocation.caller.authrole;
  }
  // Interop decision (reference): progress goes to callees announcing progressive_call_results.
  if (invocation.receiveProgress && peer.features.calleeProgress) details.receive_progress = true;
  return details;
}

function invoke(peer: Peer, invocation: Invocation): void {
  if (peer.closed) {
    invocation.reject(new RouterError(WampUri.CANCELED, 'callee is leaving'));
    return;
  }
  const request = peer.nextInvocationId();
  peer.invocations.set(request, invocation);
  const details = invocationDetails(peer, invocation);
  if (invocation.encoded?.format === WAMP_JSON && peer.serializer.name === 'json') {
    // The caller's CALL text, forwarded as is: no encoding of the arguments again.
    const head = `[${MessageCode.INVOCATION},${request},${invocation.registration.id}`;
    peer.sendData(`${head},${details === NO_DETAILS ? '{}' : JSON.stringify(details)},${invocation.encoded.text}]`);
    return;
  }
  peer.send({
    type: 'INVOCATION',
    request,
    registration: invocation.registration.id,
    details,
    args: invocation.args,
    kwargs: invocation.kwargs,
  });
}

/**
 * The router ends a call the callee still runs (cancel, timeout, caller gone). Interrupts are
 * rare, so the request is looked up here rather than remembered per call.
 */
function interrupt(peer: Peer, invocation: Invocation, reason: InvocationAborted): void {
  if (peer.closed) return;
  let request: number | undefined;
  for (const [id, pending] of peer.invocations) if (pending === invocation) request = id;
  // The entry stays so that a late YIELD or ERROR is ignored, not taken for a violation.
  if (request === undefined) return;
  if (!peer.features.calleeCancels) {
    // A callee without call_canceling cannot be interrupted: fall back to skip (WAMP §2.24).
    invocation.reject(new RouterError(reason.uri, 'canceled'));
    return;
  }
  // The router says whether the caller still waits for the callee (kill) or not (killnowait).
  peer.send({ type: 'INTERRUPT', request, options: { mode: reason.mode, reason: reason.uri } });
}

export function handleRegister(peer: Peer, message: MessageOfType<'REGISTER'>): void {
  const { request, procedure } = message;
  try {
    const match = readMatch(message.options);
    const invokePolicy = readEnum(message.options, 'invoke', INVOKE_POLICIES, 'single');
    if (!isValidUri(procedure, match, peer.options.strictUris) || isReserved(procedure)) {
      peer.sendError(MessageCode.REGISTER, request, WampUri.INVALID_URI, { args: [`invalid procedure ${procedure}`] });
      return;
    }
    if (peer.registrations.size >= peer.options.maxRegistrations) {
      peer.sendError(MessageCode.REGISTER, request, WampUri.LIMIT_EXCEEDED, {
        args: [`at most ${peer.options.maxRegistrations} registrations per session`],
      });
      return;
    }
    const registration = peer.router.register(
      procedure,
      { match, invoke: invokePolicy },
      (invocation) => invoke(peer, invocation),
      (invocation, reason) => interrupt(peer, invocation, reason),
    );
    peer.registrations.set(registration.id, registration);
    peer.send({ type: 'REGISTERED', request, registration: registration.id });
  } catch (error) {
    answerFailure(peer, MessageCode.REGISTER, request, error);
  }
}
