/**
 * One call, from the caller to the callee's answer and back, whether the callee runs on this node
 * or another (WAMP Advanced Profile: progressive results, call timeout, call canceling). Each side
 * settles at most once; whichever event comes first (answer, timeout, cancel, the callee or the
 * caller leaving, the callee's node dying) decides, and later events are ignored.
 *
 * One object per call: it is the caller's PendingCall, the local callee's Invocation, and the
 * RemoteCallReply a callee's node answers through. The result promise, the abort signal and the
 * timer exist only when someone asks for them.
 */
import type { RouterContext } from '../context.js';
import type { RemoteCall, RemoteCallReply, RemoteCallRequest } from '../ports.js';
import type { ProtocolTraffic } from '../traffic.js';
import {
  type CallOptions,
  type CallPayload,
  type CallReply,
  type CancelMode,
  type EncodedPayload,
  ErrorUri,
  type Invocation,
  InvocationAborted,
  type PendingCall,
  type Registration,
  RouterError,
  type SessionInfo,
} from '../types.js';
import type { Callee } from './procedure-table.js';

/** The longest delay a Node timer keeps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** Checks a callee's final result before the caller sees it (a procedure's `result` contract). */
export type ResultCheck = (payload: CallPayload) => RouterError | undefined;

/** Where a call's outcome goes when its caller is on another node. */
export type CallerNode = RemoteCallReply;

export class Call implements PendingCall, Invocation, RemoteCallReply, RemoteCall {
  readonly procedure: string;
  readonly args?: readonly unknown[];
  readonly kwargs?: Readonly<Record<string, unknown>>;
  readonly encoded?: EncodedPayload;
  readonly timeout: number;
  readonly receiveProgress: boolean;
  readonly tag: number;
  /** Set when a local callee runs the call. */
  id = 0;
  registration!: Registration;
  readonly #context: RouterContext;
  readonly #realm: string;
  readonly #caller: SessionInfo;
  readonly #disclose: boolean;
  readonly #onProgress: ((payload: CallPayload) => void) | undefined;
  readonly #reply: CallReply | undefined;
  /** Until the dealer has handed the call on: an outcome reached meanwhile is told in a microtask. */
  #starting = true;
  /** The caller's pending calls, kept by its session handle (released with it). */
  readonly #owner: Set<Call> | undefined;
  readonly #callerNode: CallerNode | undefined;
  /** The caller's protocol counters, when the caller is on this node (counted once, where it called). */
  readonly #traffic: ProtocolTraffic | undefined;
  readonly #started: number;
  #callee: Callee | undefined;
  #remote: RemoteCall | undefined;
  #checkResult: ResultCheck | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #callerDone = false;
  /** True once the callee answered or its answer no longer matters. */
  #calleeDone = false;
  #killed = false;
  #outcome: CallPayload | RouterError | undefined;
  #promise: Promise<CallPayload> | undefined;
  #resolvePromise: ((payload: CallPayload) => void) | undefined;
  #rejectPromise: ((error: RouterError) => void) | undefined;
  #abortReason: InvocationAborted | undefined;
  #controller: AbortController | undefined;

  constructor(
    context: RouterContext,
    realm: string,
    caller: SessionInfo,
    procedure: string,
    options: CallOptions,
    owner?: Set<Call>,
    callerNode?: CallerNode,
  ) {
    this.#context = context;
    this.#realm = realm;
    this.#caller = caller;
    this.procedure = procedure;
    if (options.args !== undefined) this.args = options.args;
    if (options.kwargs !== undefined) this.kwargs = options.kwargs;
    if (options.encoded !== undefined) this.encoded = options.encoded;
    this.timeout = options.timeout ?? 0;
    this.#disclose = options.discloseCaller === true;
    this.#onProgress = options.onProgress;
    this.#reply = options.reply;
    this.tag = options.tag ?? 0;
    this.receiveProgress = options.onProgress !== undefined || options.reply?.callProgress !== undefined;
    this.#owner = owner;
    this.#callerNode = callerNode;
    this.#traffic = callerNode === undefined ? context.traffic.of(caller.protocol) : undefined;
    this.#started = this.#traffic === undefined ? 0 : performance.now();
    owner?.add(this);
    // Node runs a timer longer than 2^31-1 ms after 1 ms instead: such a timeout waits that long (~24.8 days).
    if (this.timeout > 0) this.#timer = setTimeout(() => this.#timedOut(), Math.min(this.timeout, MAX_TIMER_DELAY));
  }

  // ---- the callee's view (Invocation) ---------------------------------------------------------

  /** The caller, present only when it asked to be disclosed (WAMP caller identification). */
  get caller(): SessionInfo | undefined {
    return this.#disclose ? this.#caller : undefined;
  }

  /** Created on first access: most callees never look at it. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** A progressive result; ignored when the caller did not ask for progress or the call is over. */
  progress(payload: CallPayload): void {
    if (this.#calleeDone || this.#callerDone || this.#killed || !this.receiveProgress) return;
    try {
      const onProgress = this.#onProgress;
      if (onProgress !== undefined) onProgress(payload);
      else this.#reply?.callProgress?.(this, payload);
    } catch (err) {
      this.#context.onError(err, {
        kind: 'progress',
        realm: this.#realm,
        name: this.procedure,
        sessionId: this.#caller.id,
      });
    }
  }

  /** The callee's final result, checked against the procedure's result contract when it has one. */
  resolve(payload: CallPayload = {}): void {
    this.#answer(this.#checkResult?.(payload) ?? payload);
  }

  reject(error: RouterError): void {
    this.#answer(asRouterError(error));
  }

  // ---- the caller's view (PendingCall) --------------------------------------------------------

  /** Resolves with the final result, rejects with a RouterError. */
  get result(): Promise<CallPayload> {
    if (this.#promise === undefined) {
      const outcome = this.#outcome;
      this.#promise =
        outcome === undefined
          ? new Promise((resolve, reject) => {
              this.#resolvePromise = resolve;
              this.#rejectPromise = reject;
            })
          : outcome instanceof RouterError
            ? Promise.reject(outcome)
            : Promise.resolve(outcome);
      // A caller that drops the promise must not crash the broker with an unhandled rejection.
      this.#promise.catch(() => {});
    }
    return this.#promise;
  }

  /**
   * WAMP call canceling: `skip` rejects now and lets the callee run on; `killnowait` (the
   * default) rejects now and interrupts the callee; `kill` interrupts and waits for its answer.
   */
  cancel(mode: CancelMode = 'killnowait'): void {
    if (this.#callerDone) return;
    if (mode === 'kill') {
      if (this.#killed) return;
      this.#killed = true;
      this.#interrupt(ErrorUri.CANCELED, 'kill');
      return;
    }
    this.#settleCaller(new RouterError(ErrorUri.CANCELED, 'Call canceled'));
    if (mode === 'killnowait') this.#interrupt(ErrorUri.CANCELED, 'killnowait');
    else this.#remote?.cancel('skip');
    this.#forgetCallee();
  }

  // ---- the dealer's side ----------------------------------------------------------------------

  /** Runs the call on a local callee; what the callee throws becomes the caller's error. */
  invokeOn(callee: Callee, checkResult: ResultCheck | undefined): void {
    this.#callee = callee;
    this.#checkResult = checkResult;
    this.id = callee.nextInvocationId++;
    this.registration = callee.handle;
    callee.pending.add(this);
    try {
      callee.handler(this);
    } catch (err) {
      if (!(err instanceof RouterError)) {
        this.#context.onError(err, {
          kind: 'invocation',
          realm: this.#realm,
          name: this.procedure,
          sessionId: callee.session.id,
        });
      }
      this.#answer(asRouterError(err));
    }
    this.#starting = false;
  }

  /** Hands the call to the node that owns the registration; its answers come back through this. */
  sendTo(node: string): void {
    // One shape for every call (no spreads on the hot path); an undefined field is not sent.
    const request: RemoteCallRequest = {
      procedure: this.procedure,
      args: this.args,
      kwargs: this.kwargs,
      // The caller's own encoding travels too: a callee of the same format on the other node forwards it.
      encoded: this.encoded,
      caller: this.#disclose ? this.#caller : undefined,
      receiveProgress: this.receiveProgress,
      timeout: this.timeout,
    };
    this.#remote = this.#context.engine.calls.call(this.#realm, node, request, this);
    this.#starting = false;
  }

  /** The callee unregistered or left without answering: the caller must not hang. */
  calleeGone(): void {
    if (this.#calleeDone) return;
    this.#calleeDone = true;
    this.#interrupt(ErrorUri.CANCELED, 'killnowait');
    this.#settleCaller(new RouterError(ErrorUri.CANCELED, 'Callee left'));
  }

  #timedOut(): void {
    this.#timer = undefined;
    if (this.#callerDone) return;
    this.#settleCaller(new RouterError(ErrorUri.TIMEOUT, 'Call timed out'));
    this.#interrupt(ErrorUri.TIMEOUT, 'killnowait');
    this.#forgetCallee();
  }

  /** The callee's final answer; after a kill, whatever it answers becomes `canceled`. */
  #answer(outcome: CallPayload | RouterError): void {
    if (this.#calleeDone) return;
    this.#forgetCallee();
    if (this.#callerDone) return;
    this.#settleCaller(this.#killed ? new RouterError(ErrorUri.CANCELED, 'Call canceled') : outcome);
  }

  #settleCaller(outcome: CallPayload | RouterError): void {
    if (this.#callerDone) return;
    this.#callerDone = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#owner?.delete(this);
    if (this.#traffic !== undefined) {
      const seconds = (performance.now() - this.#started) / 1000;
      this.#context.traffic.callSettled(this.#traffic, outcome instanceof RouterError ? outcome : undefined, seconds);
    }
    const node = this.#callerNode;
    const reply = this.#reply;
    if (reply !== undefined) {
      if (this.#starting) queueMicrotask(() => reply.callSettled(this, outcome));
      else reply.callSettled(this, outcome);
    }
    if (node !== undefined) {
      if (outcome instanceof RouterError) node.reject(outcome);
      else node.resolve(outcome);
    } else if (this.#resolvePromise === undefined) {
      this.#outcome = outcome;
    } else if (outcome instanceof RouterError) {
      this.#rejectPromise?.(outcome);
    } else {
      this.#resolvePromise(outcome);
    }
  }

  #forgetCallee(): void {
    this.#calleeDone = true;
    this.#callee?.pending.delete(this);
  }

  /** Tells the callee the call is over for it: its interrupt hook, its signal, or its node. */
  #interrupt(uri: string, mode: 'kill' | 'killnowait'): void {
    if (this.#remote !== undefined) {
      this.#remote.cancel(mode);
      return;
    }
    if (this.#abortReason !== undefined) return;
    this.#abortReason = new InvocationAborted(uri, mode);
    this.#controller?.abort(this.#abortReason);
    this.#callee?.interrupt?.(this, this.#abortReason);
  }
}

/** What a callee threw or answered, as the caller's error (`wamp.error.runtime_error` for non-RouterErrors). */
export function asRouterError(err: unknown): RouterError {
  if (err instanceof RouterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RouterError(ErrorUri.RUNTIME_ERROR, message, { args: [message] });
}
