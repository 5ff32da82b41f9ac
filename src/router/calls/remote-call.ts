/**
 * The caller's side of a call whose callee is on another node. Same rules as a local call
 * (call-state.ts): the caller's promise settles once; timeout and cancel act on this node at
 * once and tell the callee's node; with `kill`, the caller waits for the callee's answer, which
 * the callee's node turns into `wamp.error.canceled`.
 */
import type { Engine, RemoteCallRequest } from '../ports.js';
import { type CallPayload, type CancelMode, ErrorUri, type PendingCall, RouterError } from '../types.js';
import type { CallSetup } from './call-state.js';

/** Starts a call on `node`; every failure arrives through the promise. */
export function startRemoteCall(engine: Engine, node: string, setup: CallSetup): PendingCall {
  const { options, procedure, caller, context, realm } = setup;
  let done = false;
  let killed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settleResolve!: (payload: CallPayload) => void;
  let settleReject!: (error: RouterError) => void;
  const result = new Promise<CallPayload>((resolve, reject) => {
    settleResolve = resolve;
    settleReject = reject;
  });
  result.catch(() => {});
  const settle = (outcome: CallPayload | RouterError) => {
    if (done) return;
    done = true;
    if (timer !== undefined) clearTimeout(timer);
    setup.onFinish();
    if (outcome instanceof RouterError) settleReject(outcome);
    else settleResolve(outcome);
  };
  const request: RemoteCallRequest = {
    procedure,
    ...(options.args !== undefined && { args: options.args }),
    ...(options.kwargs !== undefined && { kwargs: options.kwargs }),
    ...(options.discloseCaller === true && { caller }),
    receiveProgress: options.onProgress !== undefined,
    timeout: options.timeout ?? 0,
  };
  const remote = engine.calls.call(realm, node, request, {
    progress: (payload) => {
      if (done || killed || options.onProgress === undefined) return;
      try {
        options.onProgress(payload);
      } catch (err) {
        context.onError(err, { kind: 'progress', realm, name: procedure, sessionId: caller.id });
      }
    },
    resolve: (payload) => settle(killed ? canceled() : payload),
    reject: (error) => settle(killed ? canceled() : error),
  });
  if (request.timeout > 0) {
    timer = setTimeout(() => {
      settle(new RouterError(ErrorUri.TIMEOUT, 'Call timed out'));
      remote.cancel('killnowait');
    }, request.timeout);
  }
  const cancel = (mode: CancelMode = 'killnowait') => {
    if (done) return;
    if (mode === 'kill') {
      if (!killed) remote.cancel('kill');
      killed = true;
      return;
    }
    settle(canceled());
    remote.cancel(mode);
  };
  return { result, cancel };
}

function canceled(): RouterError {
  return new RouterError(ErrorUri.CANCELED, 'Call canceled');
}
