/**
 * One call in flight: the caller's promise on one side, the callee's Invocation on the other.
 * Each side settles at most once; whichever event comes first (answer, timeout, cancel, callee
 * or caller leaving) decides, and later events are ignored (WAMP call canceling and timeout).
 */
import type { RouterContext } from '../context.js';
import {
  type CallOptions,
  type CallPayload,
  type CancelMode,
  ErrorUri,
  type Invocation,
  InvocationAborted,
  RouterError,
  type SessionInfo,
} from '../types.js';
import type { Callee, PendingInvocation } from './procedure-table.js';

/** What a call needs to know about where it runs. */
export interface CallSetup {
  readonly context: RouterContext;
  readonly realm: string;
  readonly caller: SessionInfo;
  readonly procedure: string;
  readonly options: CallOptions;
  /** Runs once when the caller's promise settles (the session router's bookkeeping). */
  readonly onFinish: () => void;
}

export class CallState implements PendingInvocation {
  readonly result: Promise<CallPayload>;
  readonly #setup: CallSetup;
  readonly #callee: Callee;
  /** Created on first access of `invocation.signal`: most callees never look at it. */
  #controller: AbortController | undefined;
  #abortReason: InvocationAborted | undefined;
  #resolve!: (payload: CallPayload) => void;
  #reject!: (error: RouterError) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #callerDone = false;
  /** True once the callee answered or its answer no longer matters. */
  #calleeDone = false;
  #killed = false;

  constructor(setup: CallSetup, callee: Callee) {
    this.#setup = setup;
    this.#callee = callee;
    this.result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A caller that drops the promise must not crash the broker with an unhandled rejection.
    this.result.catch(() => {});
    const timeout = setup.options.timeout ?? 0;
    if (timeout > 0) this.#timer = setTimeout(() => this.#timeout(), timeout);
    callee.pending.add(this);
  }

  /** Builds the callee's view of this call. */
  invocation(): Invocation {
    const { options, procedure, caller } = this.#setup;
    const state = this;
    return {
      id: this.#callee.nextInvocationId++,
      procedure,
      registration: this.#callee.handle,
      ...(options.discloseCaller === true && { caller }),
      ...(options.args !== undefined && { args: options.args }),
      ...(options.kwargs !== undefined && { kwargs: options.kwargs }),
      receiveProgress: options.onProgress !== undefined,
      timeout: options.timeout ?? 0,
      get signal() {
        return state.#signal();
      },
      progress: (payload) => this.#progress(payload),
      resolve: (payload = {}) => this.#answer(() => this.#settleCaller(payload)),
      reject: (error) => this.#answer(() => this.#settleCaller(asRouterError(error))),
    };
  }

  /** The callee threw synchronously: the caller gets the error or `wamp.error.runtime_error`. */
  calleeThrew(err: unknown): void {
    this.#answer(() => this.#settleCaller(asRouterError(err)));
  }

  /** skip: reject now, callee runs on; killnowait: reject now and interrupt; kill: interrupt, wait. */
  cancel(mode: CancelMode): void {
    if (this.#callerDone) return;
    if (mode === 'kill') {
      if (this.#killed) return;
      this.#killed = true;
      this.#abort(ErrorUri.CANCELED, 'kill');
      return;
    }
    this.#settleCaller(new RouterError(ErrorUri.CANCELED, 'Call canceled'));
    if (mode === 'killnowait') this.#abort(ErrorUri.CANCELED, 'killnowait');
    this.#forgetCallee();
  }

  /** The callee unregistered or left: the caller must not hang (WAMP: `wamp.error.canceled`). */
  calleeGone(): void {
    if (this.#calleeDone) return;
    this.#calleeDone = true;
    this.#abort(ErrorUri.CANCELED, 'killnowait');
    this.#settleCaller(new RouterError(ErrorUri.CANCELED, 'Callee left'));
  }

  #timeout(): void {
    this.#timer = undefined;
    if (this.#callerDone) return;
    this.#settleCaller(new RouterError(ErrorUri.TIMEOUT, 'Call timed out'));
    this.#abort(ErrorUri.TIMEOUT, 'killnowait');
    this.#forgetCallee();
  }

  #progress(payload: CallPayload): void {
    const { onProgress } = this.#setup.options;
    if (this.#calleeDone || this.#callerDone || this.#killed || onProgress === undefined) return;
    try {
      onProgress(payload);
    } catch (err) {
      const { context, realm, procedure, caller } = this.#setup;
      context.onError(err, { kind: 'progress', realm, name: procedure, sessionId: caller.id });
    }
  }

  /** The callee's final answer; after a kill, whatever it answers becomes `canceled`. */
  #answer(settle: () => void): void {
    if (this.#calleeDone) return;
    this.#forgetCallee();
    if (this.#callerDone) return;
    if (this.#killed) this.#settleCaller(new RouterError(ErrorUri.CANCELED, 'Call canceled'));
    else settle();
  }

  #settleCaller(outcome: CallPayload | RouterError): void {
    if (this.#callerDone) return;
    this.#callerDone = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#setup.onFinish();
    if (outcome instanceof RouterError) this.#reject(outcome);
    else this.#resolve(outcome);
  }

  #forgetCallee(): void {
    this.#calleeDone = true;
    this.#callee.pending.delete(this);
  }

  #signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  #abort(uri: string, mode: 'kill' | 'killnowait'): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = new InvocationAborted(uri, mode);
    this.#controller?.abort(this.#abortReason);
  }
}

function asRouterError(err: unknown): RouterError {
  if (err instanceof RouterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RouterError(ErrorUri.RUNTIME_ERROR, message, { args: [message] });
}
