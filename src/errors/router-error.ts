/**
 * Errors travelling through the router, identified by a URI: one of the table's
 * (`wamp.error.no_such_procedure`) or an application's (`com.example.error.invalid_order`).
 */
import { JunctionError } from './junction-error.js';
import { type RouterErrorCode, routerErrorFor } from './router-codes.js';

/** A router error's payload, WAMP-shaped (the router's CallPayload). */
export interface ErrorPayload {
  readonly args?: readonly unknown[];
  readonly kwargs?: Readonly<Record<string, unknown>>;
}

/**
 * An error with a URI, args and kwargs. Its `code` is its URI's in the table, or
 * `JNC_ERR_ROUTER_APPLICATION` for an application URI; its message defaults to the URI.
 */
export class RouterError extends JunctionError {
  declare readonly code: RouterErrorCode;
  readonly uri: string;
  readonly args?: readonly unknown[];
  readonly kwargs?: Readonly<Record<string, unknown>>;
  constructor(uri: string, message?: string, payload: ErrorPayload = {}, options?: ErrorOptions) {
    super(routerErrorFor(uri).code as RouterErrorCode, [message ?? uri], options);
    this.name = 'RouterError';
    this.uri = uri;
    if (payload.args !== undefined) this.args = payload.args;
    if (payload.kwargs !== undefined) this.kwargs = payload.kwargs;
  }
}

/**
 * Why an invocation's signal aborted (`invocation.signal.reason`): the error URI (canceled,
 * timeout) and the cancel mode, so a protocol can tell its callee (WAMP INTERRUPT `mode`).
 */
export class InvocationAborted extends RouterError {
  /** 'kill': the dealer waits for the callee's answer; 'killnowait': nobody waits for it. */
  readonly mode: 'kill' | 'killnowait';
  constructor(uri: string, mode: 'kill' | 'killnowait') {
    super(uri);
    this.name = 'InvocationAborted';
    this.mode = mode;
  }
}
