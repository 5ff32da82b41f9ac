/**
 * The router's side of payload contracts (JSON Schema checks, src/contracts/): the interface it
 * consults on publish and call, so the router itself knows nothing about ajv. Absent = no checks.
 */
import type { CallPayload, PublishInput, RouterError } from './types.js';

/** The checks of one procedure's contracts; each returns the error to answer with, if any. */
export interface ProcedureChecks {
  /** Checks a call's arguments before the callee runs. */
  params(payload: CallPayload): RouterError | undefined;
  /** Checks the callee's final result before the caller gets it (progressive results are not checked). */
  result(payload: CallPayload): RouterError | undefined;
}

/** What the router asks before a publish or a call; implementations must be cheap when empty. */
export interface PayloadContracts {
  /** Throws RouterError when the payload breaks a contract of `input.topic` in `realm`. */
  checkPublish(realm: string, input: PublishInput): void;
  /** The checks of a call to `procedure`, or undefined when no contract covers it. */
  procedure(realm: string, procedure: string): ProcedureChecks | undefined;
}
