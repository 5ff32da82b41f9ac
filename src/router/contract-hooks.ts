/**
 * The router's side of payload contracts (JSON Schema checks, src/contracts.ts): the interface it
 * consults on publish and call, so the router itself knows nothing about ajv. Absent = no checks.
 */
import type { CallPayload, Invocation, PublishInput, RouterError } from './types.js';

/** The checks of one procedure's contracts; each returns the error to answer with, if any. */
export interface ProcedureChecks {
  /** Checks a call's arguments before the callee runs. */
  params(payload: CallPayload): RouterError | undefined;
  /** Checks the callee's final result before the caller gets it. */
  result(payload: CallPayload): RouterError | undefined;
}

/** What the router asks before a publish or a call; implementations must be cheap when empty. */
export interface PayloadContracts {
  /** Throws RouterError when the payload breaks a contract of `input.topic` in `realm`. */
  checkPublish(realm: string, input: PublishInput): void;
  /** The checks of a call to `procedure`, or undefined when no contract covers it. */
  procedure(realm: string, procedure: string): ProcedureChecks | undefined;
}

/**
 * The callee's view of a call whose final result is checked: a result that breaks the contract
 * reaches the caller as the check's error instead. Progressive results are not checked.
 */
export function checkingResult(invocation: Invocation, checks: ProcedureChecks): Invocation {
  return {
    id: invocation.id,
    procedure: invocation.procedure,
    registration: invocation.registration,
    ...(invocation.caller !== undefined && { caller: invocation.caller }),
    ...(invocation.args !== undefined && { args: invocation.args }),
    ...(invocation.kwargs !== undefined && { kwargs: invocation.kwargs }),
    receiveProgress: invocation.receiveProgress,
    timeout: invocation.timeout,
    // A getter: the signal's AbortController is created only when the callee looks at it.
    get signal() {
      return invocation.signal;
    },
    progress: (payload) => invocation.progress(payload),
    resolve: (payload = {}) => {
      const error = checks.result(payload);
      if (error === undefined) invocation.resolve(payload);
      else invocation.reject(error);
    },
    reject: (error) => invocation.reject(error),
  };
}
