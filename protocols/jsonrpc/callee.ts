/**
 * The callee side: calls routed to a procedure this client registered are sent to it as JSON-RPC
 * requests from the broker, and the client's responses settle them. Broker request ids are
 * sequential per session, starting at 1.
 */
import {
  type CalleeHandler,
  ErrorUri,
  type InterruptHandler,
  type Invocation,
  type InvocationAborted,
  type Logger,
  RouterError,
} from '../../src/plugin/index.js';
import type { Response } from './envelope.js';
import { toRouterError } from './errors.js';
import { payloadToParams, resultToPayload } from './payload.js';

/** The broker's notification telling a JSON-RPC callee that a request it got is no longer wanted. */
export const CANCEL_METHOD = 'rpc.cancel';

export class CalleeRequests {
  readonly #send: (text: string) => boolean;
  readonly #log: Logger;
  /** Requests sent to the client, by id; made at the first (issue 13: a session that never registers holds none). */
  #pending: Map<number, Invocation> | undefined;
  #lastId = 0;

  constructor(send: (text: string) => boolean, log: Logger) {
    this.#send = send;
    this.#log = log;
  }

  /** The handler passed to `SessionHandle.register`. */
  readonly handler: CalleeHandler = (invocation) => this.#invoke(invocation);

  /** The interrupt handler passed with it: a call ended before the client answered. */
  readonly interrupt: InterruptHandler = (invocation, reason) => this.#abort(invocation, reason);

  /** Number of broker requests still waiting for the client's response. */
  get pending(): number {
    return this.#pending?.size ?? 0;
  }

  #invoke(invocation: Invocation): void {
    let text: string;
    const id = this.#nextId();
    try {
      const params = payloadToParams(invocation);
      const request = { jsonrpc: '2.0', id, method: invocation.procedure, params };
      text = JSON.stringify(request);
    } catch (error) {
      this.#log.warn({ err: error, procedure: invocation.procedure }, 'cannot encode invocation as JSON');
      invocation.reject(new RouterError(ErrorUri.INVALID_ARGUMENT, 'arguments cannot be encoded as JSON'));
      return;
    }
    this.#pending ??= new Map();
    const pending = this.#pending;
    pending.set(id, invocation);
    if (!this.#send(text)) {
      pending.delete(id);
      invocation.reject(new RouterError(ErrorUri.CANCELED, 'callee connection closed'));
    }
  }

  /**
   * The caller canceled, timed out or left. JSON-RPC has no way to stop a request, so the call is
   * settled now (WAMP's fallback to `skip` for callees without call_canceling) and the client gets
   * an advisory `rpc.cancel` notification (§4: `rpc.` names are for extensions); its late response
   * is ignored.
   */
  #abort(invocation: Invocation, reason: InvocationAborted): void {
    // Interrupts are rare: the request id is looked up here rather than remembered per call.
    let id: number | undefined;
    for (const [pendingId, pending] of this.#pending ?? []) if (pending === invocation) id = pendingId;
    if (id === undefined) return;
    this.#pending?.delete(id);
    const uri = reason.uri;
    invocation.reject(new RouterError(uri, 'canceled'));
    this.#send(JSON.stringify({ jsonrpc: '2.0', method: CANCEL_METHOD, params: { id, reason: uri } }));
  }

  #nextId(): number {
    this.#lastId = this.#lastId >= Number.MAX_SAFE_INTEGER ? 1 : this.#lastId + 1;
    return this.#lastId;
  }

  /**
   * Settles the invocation a response answers; false for a response to no pending request
   * (ignored, logged).
   */
  settle(response: Response): boolean {
    const invocation = typeof response.id === 'number' ? this.#pending?.get(response.id) : undefined;
    if (invocation === undefined) {
      this.#log.debug({ id: response.id }, 'response to no pending broker request, ignored');
      return false;
    }
    this.#pending?.delete(response.id as number);
    if (response.error !== undefined) {
      invocation.reject(toRouterError(response.error));
      return true;
    }
    try {
      invocation.resolve(resultToPayload(response.result));
    } catch (error) {
      invocation.reject(new RouterError(ErrorUri.INVALID_ARGUMENT, (error as Error).message));
    }
    return true;
  }

  /** The connection closed: every call pending on this client fails with canceled, now. */
  cancelAll(): void {
    const pending = [...(this.#pending?.values() ?? [])];
    this.#pending?.clear();
    for (const invocation of pending) {
      invocation.reject(new RouterError(ErrorUri.CANCELED, 'callee left'));
    }
  }
}
