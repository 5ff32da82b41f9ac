/**
 * A request for a router procedure (any method that is not a built-in), from the call's start to
 * its one response. It is the call's CallReply, so the outcome and any progressive results reach
 * it with no promise, closure or microtask per call, as WAMP's calls do; the response then goes
 * where the session said: the connection for a single request, its slot for a batch element.
 */
import {
  type CallPayload,
  type CallReply,
  ErrorUri,
  type Logger,
  type PendingCall,
  RouterError,
} from '../../src/plugin/index.js';
import type { RequestId } from './envelope.js';
import { ErrorCode, JsonRpcError } from './errors.js';
import { payloadToValue } from './payload.js';
import { ProgressCollector } from './progress.js';
import { failureResponse, type ResponseSink, successResponse } from './responses.js';

export class RoutedCall implements CallReply {
  readonly #method: string;
  readonly #log: Logger;
  #progress: ProgressCollector | undefined;
  #sink: ResponseSink | undefined;
  #slot = 0;
  /** The request's id; undefined for a notification (no response). */
  #id: RequestId | undefined;
  /** The outcome, when the call settled before the session said where its response goes. */
  #early: CallPayload | RouterError | undefined;

  constructor(method: string, log: Logger) {
    this.#method = method;
    this.#log = log;
  }

  /** Where the response goes; `id` undefined for a notification. Told once, right after the call started. */
  respondTo(id: RequestId | undefined, sink: ResponseSink, slot: number): void {
    this.#id = id;
    const early = this.#early;
    if (early !== undefined) sink.respond(this.#response(early), slot);
    else {
      this.#sink = sink;
      this.#slot = slot;
    }
  }

  callProgress(call: PendingCall, progress: CallPayload): void {
    this.#progress ??= new ProgressCollector();
    this.#progress.add(progress, call);
  }

  callSettled(_call: PendingCall, outcome: CallPayload | RouterError): void {
    const sink = this.#sink;
    if (sink === undefined) this.#early = outcome;
    else sink.respond(this.#response(outcome), this.#slot);
  }

  /** The encoded response; undefined for a notification. */
  #response(outcome: CallPayload | RouterError): string | undefined {
    if (outcome instanceof RouterError) return this.#failure(callFailure(this.#method, outcome, this.#progress));
    let value: unknown;
    try {
      value = this.#progress === undefined ? payloadToValue(outcome) : this.#progress.answer(outcome);
    } catch {
      return this.#failure(new JsonRpcError(ErrorCode.INTERNAL_ERROR, 'result cannot be encoded as JSON'));
    }
    return successResponse(this.#id, value);
  }

  #failure(error: unknown): string | undefined {
    return failureResponse(this.#id, this.#method, error, this.#log);
  }
}

/** What a failed call answers: an invalid procedure name is -32601; too much progress, -32008. */
export function callFailure(method: string, error: unknown, progress: ProgressCollector | undefined): unknown {
  if (error instanceof RouterError && error.uri === ErrorUri.INVALID_URI) {
    return new JsonRpcError(ErrorCode.METHOD_NOT_FOUND, `Method not found: ${method}`, { uri: error.uri });
  }
  return progress?.overflowError() ?? error;
}
