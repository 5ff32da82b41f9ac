/**
 * `/rpc/<procedure>`: a SEND calls a router procedure; the result (or the error, with its URI in
 * an `error` header) is sent to the `reply-to` destination with the request's `correlation-id`.
 *
 * A STOMP caller gets exactly one reply per call, so progressive results are collected: the call
 * asks the callee for progress, and when some arrived the reply body is the JSON document
 * `{"progress": [p1, …, pn], "result": final}` with a `progress: <n>` header (docs/cross-protocol.md).
 */
import {
  AuthorizationPending,
  type CallPayload,
  ErrorUri,
  fromEnvelope,
  type PendingCall,
  type PublishInput,
  RouterError,
  toOneValue,
} from '../../../src/plugin/index.js';
import type { StompContext } from '../context.js';
import type { Destination } from '../destinations.js';
import { publishTo } from '../publish.js';

/** Progressive results one call may collect; beyond it the call is canceled with limit_exceeded. */
export const MAX_COLLECTED_PROGRESS = 10_000;

type Reply = Omit<PublishInput, 'topic'>;

export function callProcedure(
  context: StompContext,
  procedure: string,
  input: Reply,
  replyTo: Destination,
  correlationId: string | undefined,
  envelope = false,
): void {
  const base: Record<string, string> = correlationId === undefined ? {} : { 'correlation-id': correlationId };
  const payload = envelope ? envelopePayload(input.args?.[0]) : input;
  if (payload instanceof RouterError) {
    if (context.isActive) publishTo(context, replyTo, errorReply(payload, base));
    return;
  }
  const timeout = context.options.rpcTimeout;
  const progress: unknown[] = [];
  let overflow = false;
  let pending: PendingCall | undefined;
  const reply = (payload: Reply): void => {
    if (!context.isActive) return;
    try {
      publishTo(context, replyTo, payload);
    } catch (err) {
      context.fail(err instanceof Error ? err : new Error(String(err)));
    }
  };
  try {
    pending = context.router.call(procedure, {
      ...(payload.args !== undefined ? { args: payload.args } : {}),
      ...(payload.kwargs !== undefined ? { kwargs: payload.kwargs } : {}),
      ...(timeout > 0 ? { timeout } : {}),
      onProgress: (payload) => {
        if (progress.length < MAX_COLLECTED_PROGRESS) progress.push(toOneValue(payload));
        else if (!overflow) {
          overflow = true;
          pending?.cancel('killnowait');
        }
      },
    });
  } catch (err) {
    // A call refused before it started (no such procedure, invalid name, limit) is a reply too;
    // a call the session may not make was refused at the SEND, as ERROR access denied (access.ts).
    // Only when the session's decision cache started over since then is the hook asked here again:
    // the call is refused, and the decision it waited for must not become an unhandled rejection.
    if (err instanceof AuthorizationPending) err.decided.catch(() => {});
    reply(errorReply(err, base));
    return;
  }
  pending.result.then(
    (result) => reply(collected(result, progress, base)),
    (err: unknown) => reply(errorReply(overflow ? limitError() : err, base)),
  );
}

/**
 * `envelope: true` on the SEND: the JSON body `{"args": [...], "kwargs": {...}}` (both optional)
 * is the call's payload, so a STOMP caller can pass several arguments, in the form replies use.
 */
function envelopePayload(body: unknown): CallPayload | RouterError {
  const payload = fromEnvelope(body);
  if (payload !== undefined) return payload;
  const message = 'envelope: true needs a JSON body {"args": [...], "kwargs": {...}}';
  return new RouterError(ErrorUri.INVALID_ARGUMENT, message, { args: [message] });
}

/** The final result alone, or `{progress, result}` when progressive results arrived. */
function collected(result: CallPayload, progress: readonly unknown[], headers: Record<string, string>): Reply {
  if (progress.length === 0) return { ...result, headers };
  return {
    args: [{ progress, result: toOneValue(result) }],
    contentType: 'application/json',
    headers: { ...headers, progress: String(progress.length) },
  };
}

/** The reply to a failed call: the error URI in the `error` header, its args (or message) as the body. */
export function errorReply(err: unknown, headers: Record<string, string>): Reply {
  const error = err instanceof RouterError ? err : new RouterError(ErrorUri.RUNTIME_ERROR, String(err));
  const args = error.args ?? [error.message];
  const kwargs = error.kwargs;
  return { args, ...(kwargs ? { kwargs } : {}), headers: { ...headers, error: error.uri } };
}

function limitError(): RouterError {
  const message = `more than ${MAX_COLLECTED_PROGRESS} progressive results`;
  return new RouterError(ErrorUri.LIMIT_EXCEEDED, message, { args: [message] });
}
