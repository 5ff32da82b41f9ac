/**
 * Routes calls of one realm to callees: resolves the registration, creates the call state and
 * invokes the callee synchronously, or hands the call to the node that owns the registration.
 */

import { checkingResult, type ProcedureChecks } from '../contract-hooks.js';
import { validateTopic } from '../patterns/topic-pattern.js';
import { type CancelMode, ErrorUri, type PendingCall, RouterError } from '../types.js';
import { type CallSetup, CallState } from './call-state.js';
import { type ClusterDealer, LOCAL } from './node-choice.js';
import type { Callee, ProcedureTable } from './procedure-table.js';
import { startRemoteCall } from './remote-call.js';

/** A call that failed before reaching a callee: the error arrives as a rejected promise. */
export function failedCall(error: RouterError): PendingCall {
  const result = Promise.reject(error);
  result.catch(() => {});
  return { result, cancel: () => {} };
}

/**
 * Starts a call; every failure arrives through the promise, never as a throw. `setup.onFinish`
 * runs once when the caller's promise settles, possibly before this returns. Without `cluster`
 * (a call that came from another node) only local callees are considered.
 */
export function startCall(table: ProcedureTable, setup: CallSetup, cluster?: ClusterDealer): PendingCall {
  const invalid = validateTopic(setup.procedure);
  if (invalid !== undefined) {
    setup.onFinish();
    return failedCall(new RouterError(ErrorUri.INVALID_URI, `Invalid procedure "${setup.procedure}": ${invalid}`));
  }
  const target = cluster === undefined ? LOCAL : cluster.target(setup.procedure);
  if (typeof target === 'string') return startRemoteCall(setup.context.engine, target, setup);
  const callee = target === LOCAL ? table.route(setup.procedure) : undefined;
  if (callee === undefined) {
    setup.onFinish();
    return failedCall(new RouterError(ErrorUri.NO_SUCH_PROCEDURE, `No callee for "${setup.procedure}"`));
  }
  // Contracts run where the callee runs, so calls from other nodes are checked too.
  const checks = setup.context.contracts?.procedure(setup.realm, setup.procedure);
  const refused = checks?.params(setup.options);
  if (refused !== undefined) {
    setup.onFinish();
    return failedCall(refused);
  }
  return invoke(setup, callee, checks);
}

/** Runs the callee synchronously: what it throws becomes the caller's error. */
function invoke(setup: CallSetup, callee: Callee, checks: ProcedureChecks | undefined): PendingCall {
  const state = new CallState(setup, callee);
  const invocation = checks === undefined ? state.invocation() : checkingResult(state.invocation(), checks);
  try {
    callee.handler(invocation);
  } catch (err) {
    if (!(err instanceof RouterError)) {
      setup.context.onError(err, {
        kind: 'invocation',
        realm: setup.realm,
        name: setup.procedure,
        sessionId: callee.session.id,
      });
    }
    state.calleeThrew(err);
  }
  // WAMP call canceling: killnowait is the default mode.
  return { result: state.result, cancel: (mode: CancelMode = 'killnowait') => state.cancel(mode) };
}
