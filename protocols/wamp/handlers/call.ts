/**
 * CALL → RESULT or ERROR. Advanced: progressive results (`receive_progress`), call timeout
 * (ms, 0 = none; `wamp.error.timeout`), caller identification on `disclose_me`.
 */
import {
  AuthorizationPending,
  type CallOptions,
  type CallPayload,
  type PendingCall,
  RouterError,
} from '../../../src/plugin/index.js';
import { MessageCode, type MessageOfType, WAMP_JSON } from '../messages.js';
import type { Peer } from '../peer.js';
import { isReserved, isValidUri, WampUri } from '../uris.js';
import { readCount, readFlag } from './read-options.js';
import { answerFailure, isRequestFailure } from './router-error.js';

const FINAL: Readonly<Record<string, unknown>> = Object.freeze({});
const PROGRESS: Readonly<Record<string, unknown>> = Object.freeze({ progress: true });

function resultOf(request: number, payload: CallPayload, progress: boolean): MessageOfType<'RESULT'> {
  return {
    type: 'RESULT',
    request,
    details: progress ? PROGRESS : FINAL,
    args: payload.args,
    kwargs: payload.kwargs,
  };
}

/**
 * The longest timer Node.js runs (2^31 - 1 ms, about 24.8 days): a longer one fires after 1 ms
 * with a TimeoutOverflowWarning, so a CALL asking for more is refused instead (found by fuzzing).
 */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The router's options for a CALL. Built field by field (no spreads: one object shape for every
 * call), reading Options only when the dict has keys; the outcome comes back through the
 * session (`Peer.callSettled`), so a plain call allocates no closure.
 */
function callOptions(peer: Peer, message: MessageOfType<'CALL'>): CallOptions {
  const { request, options } = message;
  let timeout = 0;
  let discloseCaller = false;
  let onProgress: ((payload: CallPayload) => void) | undefined;
  for (const _ in options) {
    timeout = readCount(options, 'timeout', MAX_TIMEOUT_MS);
    discloseCaller = readFlag(options, 'disclose_me', false);
    if (readFlag(options, 'receive_progress', false)) {
      onProgress = (payload: CallPayload) => {
        if (peer.calls.has(request) && !peer.closed) peer.send(resultOf(request, payload, true));
      };
    }
    break;
  }
  return {
    args: message.args,
    kwargs: message.kwargs,
    encoded: message.encoded,
    timeout,
    discloseCaller,
    onProgress,
    reply: peer,
    tag: request,
  };
}

/** A call's outcome, from the router (CallReply): the RESULT or ERROR, unless the call was replaced or the session ended. */
export function settleCall(peer: Peer, call: PendingCall, outcome: CallPayload | RouterError): void {
  const request = call.tag;
  if (peer.calls.get(request) !== call) return;
  peer.calls.delete(request);
  if (peer.closed) return;
  if (outcome instanceof RouterError) answerFailure(peer, MessageCode.CALL, request, outcome);
  else if (outcome.encoded?.format === WAMP_JSON && peer.serializer.name === 'json') {
    // The callee's YIELD text, forwarded as is: no encoding of the result again.
    peer.sendData(`[${MessageCode.RESULT},${request},{},${outcome.encoded.text}]`);
  } else peer.send(resultOf(request, outcome, false));
}

/**
 * Answers a meta API procedure; false when `procedure` is none (it is then routed as usual).
 * The plugin answers these itself, so it asks the router's decision first, as a routed call
 * would (issue 11): a refusal throws (→ ERROR `wamp.error.not_authorized`), a decision the
 * `authorize` hook has not given yet throws AuthorizationPending (the session retries the CALL).
 * Cluster-wide session meta answers later (every node is asked): the RESULT or ERROR goes out
 * then, unless the session ended meanwhile.
 */
function callMeta(peer: Peer, message: MessageOfType<'CALL'>): boolean {
  if (peer.meta?.answers(message.procedure) !== true) return false;
  const decision = peer.router.authorize('call', message.procedure);
  if (decision !== undefined) throw new AuthorizationPending('call', message.procedure, decision);
  const payload = {
    ...(message.args && { args: message.args }),
    ...(message.kwargs && { kwargs: message.kwargs }),
  };
  const result = peer.meta?.call(message.procedure, peer.router.session, payload);
  if (result === undefined) return false;
  if (!(result instanceof Promise)) {
    peer.send(resultOf(message.request, result, false));
    return true;
  }
  result.then(
    (answer) => {
      if (!peer.closed) peer.send(resultOf(message.request, answer, false));
    },
    (error: unknown) => {
      if (peer.closed) return;
      if (isRequestFailure(error)) answerFailure(peer, MessageCode.CALL, message.request, error);
      else {
        peer.log.error({ err: error, procedure: message.procedure }, 'meta procedure failed');
        peer.sendError(MessageCode.CALL, message.request, WampUri.RUNTIME_ERROR, { args: ['meta procedure failed'] });
      }
    },
  );
  return true;
}

export function handleCall(peer: Peer, message: MessageOfType<'CALL'>): void {
  const { request, procedure } = message;
  // Progressive call invocations are not announced: using them is a violation (WAMP §2.30).
  if (message.options.progress === true) {
    peer.protocolViolation('progressive call invocations are not supported');
    return;
  }
  if (peer.calls.has(request)) {
    peer.protocolViolation(`CALL request id ${request} is already in use`);
    return;
  }
  try {
    if (!isValidUri(procedure, 'exact', peer.options.strictUris)) {
      peer.sendError(MessageCode.CALL, request, WampUri.INVALID_URI, { args: [`invalid procedure ${procedure}`] });
      return;
    }
    if (peer.calls.size >= peer.options.maxPendingCalls) {
      peer.sendError(MessageCode.CALL, request, WampUri.LIMIT_EXCEEDED, {
        args: [`at most ${peer.options.maxPendingCalls} pending calls per session`],
      });
      return;
    }
    if (isReserved(procedure) && callMeta(peer, message)) return;
    peer.calls.set(request, peer.router.call(procedure, callOptions(peer, message)));
  } catch (error) {
    answerFailure(peer, MessageCode.CALL, request, error);
  }
}
