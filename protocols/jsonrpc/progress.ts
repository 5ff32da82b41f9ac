/**
 * Progressive results for a JSON-RPC caller, which gets exactly one response per request: the
 * call asks the callee for progress and collects it. Without progress the response's `result` is
 * the final value; with n >= 1 progressive results it is `{"progress": [p1, …, pn], "result": final}`
 * (each value mapped as `payloadToValue` maps a result). See docs/cross-protocol.md.
 */
import { type CallPayload, ErrorUri, type PendingCall, RouterError } from '../../src/plugin/index.js';
import { payloadToValue } from './payload.js';

/** Progressive results one call may collect; beyond it the call is canceled with limit_exceeded. */
export const MAX_COLLECTED_PROGRESS = 10_000;

/** Made at a call's first progressive result (most calls have none). */
export class ProgressCollector {
  readonly #values: unknown[] = [];
  #overflow = false;

  /** Collects one progressive result; one too many cancels the call. Values are mapped at once: the payload may be mutated later. */
  add(payload: CallPayload, call: PendingCall): void {
    if (this.#values.length < MAX_COLLECTED_PROGRESS) {
      this.#values.push(payloadToValue(payload));
    } else if (!this.#overflow) {
      this.#overflow = true;
      call.cancel('killnowait');
    }
  }

  /** The error to answer with when the call failed because too much progress arrived. */
  overflowError(): RouterError | undefined {
    if (!this.#overflow) return undefined;
    return new RouterError(ErrorUri.LIMIT_EXCEEDED, `more than ${MAX_COLLECTED_PROGRESS} progressive results`);
  }

  /** The response's `result` value. */
  answer(result: CallPayload): unknown {
    const value = payloadToValue(result);
    return this.#values.length === 0 ? value : { progress: this.#values, result: value };
  }
}
