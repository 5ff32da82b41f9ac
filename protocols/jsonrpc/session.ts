/**
 * One JSON-RPC 2.0 conversation: decoding, single requests, notifications and batches
 * (jsonrpc.org/specification §4-§6). Every error path answers with an error object; nothing
 * escapes onMessage.
 */
import {
  AuthorizationPending,
  type Connection,
  type MessageData,
  RouterError,
  type Session,
  type SessionContext,
} from '../../src/plugin/index.js';
import { Access } from './access.js';
import { CalleeRequests } from './callee.js';
import {
  classify,
  decode,
  errorResponse,
  PARSE_ERROR_RESPONSE,
  type RequestId,
  type Response,
  tooDeepResponse,
} from './envelope.js';
import { ErrorCode } from './errors.js';
import { Methods } from './methods.js';
import type { PushEncoder } from './push-encoder.js';
import { BatchResponses, encode, failureResponse, type ResponseSink, successResponse } from './responses.js';
import { RoutedCall } from './routed-call.js';

export interface JsonRpcSessionOptions {
  readonly maxBatch: number;
  readonly callTimeout: number;
  readonly pushes: PushEncoder;
}

/** Sent before the core closes a session whose token expired (docs/jsonrpc.md, docs/jwt.md). */
const EXPIRED_NOTIFICATION = JSON.stringify({
  jsonrpc: '2.0',
  method: 'rpc.goodbye',
  params: { reason: 'junction.close.token_expired', message: 'token expired' },
});

/** A message as decoded: undefined when it is not JSON, `tooDeep` past `limits.maxDepth`. */
type Decoded = ReturnType<typeof decode>;

/** Close code for an unknown realm (RFC 6455 §7.4.1: policy violation). */
const POLICY_VIOLATION = 1008;

/** The session is also where a single request's response goes (ResponseSink): sent at once. */
export class JsonRpcSession implements Session, ResponseSink {
  readonly #connection: Connection;
  readonly #context: SessionContext;
  readonly #options: JsonRpcSessionOptions;
  readonly #access: Access;
  /** Made on first use (issue 13: idle memory): most sessions are never a callee. */
  #callee: CalleeRequests | undefined;
  readonly #methods: Methods;
  /**
   * While set, arriving messages wait for it, in arrival order: first the session's start (joined,
   * waiting for login, or refused), later a request whose authorization the `authorize` hook has
   * not decided yet (AuthorizationPending). Holding the messages behind a waiting one keeps the
   * order the client sent them in (a `subscribe` is in place before its next `publish`); the hook
   * is asked once per URI and session, so holds are short and rare. Undefined: handled at once.
   */
  #gate: Promise<void> | undefined;
  /** Whether the gate waits for an authorization (not for the session's start). */
  #authorizing = false;
  /**
   * Bytes of the messages waiting behind the gate. While an authorization is pending, at most
   * `limits.maxPayload`, as STOMP bounds its paused frames: a client that sends more is closed (1008).
   */
  #heldBytes = 0;

  constructor(connection: Connection, context: SessionContext, options: JsonRpcSessionOptions) {
    this.#connection = connection;
    this.#context = context;
    this.#options = options;
    const send = (text: string) => connection.send(text);
    this.#access = new Access(context);
    this.#methods = new Methods({
      access: this.#access,
      callee: () => this.#calleeRequests(),
      send,
      sendText: (bytes) => connection.send(bytes, { binary: false }),
      log: context.log,
      pushes: options.pushes,
      callTimeout: options.callTimeout,
    });
    this.#hold(this.#start());
  }

  #calleeRequests(): CalleeRequests {
    this.#callee ??= new CalleeRequests((text) => this.#connection.send(text), this.#context.log);
    return this.#callee;
  }

  async #start(): Promise<void> {
    try {
      if (await this.#access.start()) return;
      this.#connection.close(POLICY_VIOLATION, truncate(`no such realm: ${this.#access.realm}`));
    } catch (error) {
      // A router refusal (a new realm past `maxRealms`) is the client's answer, not a fault.
      if (error instanceof RouterError) {
        this.#connection.close(POLICY_VIOLATION, truncate(`cannot join realm: ${error.message}`));
        return;
      }
      this.#context.log.warn({ err: error, realm: this.#access.realm }, 'cannot join realm');
      this.#connection.close(POLICY_VIOLATION, truncate(`cannot join realm: ${this.#access.realm}`));
    }
  }

  /**
   * Handles one message. Requests answer as soon as their method does: a synchronous method
   * (subscribe, publish, …) answers before the next message is read, so replies keep the order
   * of requests, while a call waits in the background (a client may call a procedure it
   * registered itself, whose invocation arrives in a later message).
   */
  onMessage(data: MessageData): void {
    const decoded = decode(data, this.#context.limits.maxDepth);
    // Each request of a batch counts against the inbound rate, as it arrives (not once joined).
    const batch = decoded !== undefined && !('tooDeep' in decoded) && Array.isArray(decoded.value);
    this.#context.countMessages?.(batch ? (decoded.value as unknown[]).length : 1);
    const gate = this.#gate;
    if (gate === undefined) {
      this.#hold(this.#step(decoded));
      return;
    }
    // Counted from the start, refused only while an authorization is pending.
    const size = byteLength(data);
    this.#heldBytes += size;
    if (this.#authorizing && this.#tooMuchHeld()) return;
    this.#hold(
      gate.then(() => {
        this.#heldBytes -= size;
        return this.#step(decoded);
      }),
    );
  }

  /** Handles a message; a promise when it waits for its authorization (later messages then wait too). */
  #step(decoded: Decoded): Promise<void> | undefined {
    const waiting = this.#handleLogged(decoded);
    if (waiting === undefined) return undefined;
    this.#authorizing = true;
    this.#tooMuchHeld();
    return waiting;
  }

  /** Closes the session when more than `limits.maxPayload` bytes wait behind an authorization. */
  #tooMuchHeld(): boolean {
    if (this.#heldBytes <= this.#context.limits.maxPayload) return false;
    this.#connection.close(POLICY_VIOLATION, 'too much data while authorization is pending');
    return true;
  }

  /** Makes later messages wait for `waiting` (nothing when undefined), then handles them at once again. */
  #hold(waiting: Promise<void> | undefined): void {
    if (waiting === undefined) return;
    this.#gate = waiting;
    void waiting.then(() => {
      if (this.#gate !== waiting) return;
      this.#gate = undefined;
      this.#authorizing = false;
    });
  }

  /** A promise only when a request waits for its authorization. Never throws. */
  #handleLogged(decoded: Decoded): Promise<void> | undefined {
    try {
      return this.#handle(decoded);
    } catch (error) {
      this.#context.log.error({ err: error }, 'JSON-RPC message handling failed');
      return undefined;
    }
  }

  onClose(): void {
    this.#callee?.cancelAll();
  }

  /**
   * The session's token expired (a fresh `login({token})` would have renewed it): JSON-RPC has no
   * goodbye, so an advisory notification in the shape of `rpc.cancel` says why; the core then
   * closes with 1008 `token expired`.
   */
  onExpire(): void {
    this.#connection.send(EXPIRED_NOTIFICATION);
  }

  /** A single request's response (ResponseSink), sent as soon as it is known. */
  respond(response: string | undefined): void {
    if (response !== undefined) this.#connection.send(response);
  }

  /** A promise when a request waits for its authorization: later messages wait for it to be handled. */
  #handle(decoded: Decoded): Promise<void> | undefined {
    if (this.#access.state === 'refused' || !this.#connection.isOpen) return;
    if (decoded === undefined || 'tooDeep' in decoded) {
      const response = decoded === undefined ? PARSE_ERROR_RESPONSE : tooDeepResponse(this.#context.limits.maxDepth);
      this.respond(encode(response));
      return;
    }
    if (Array.isArray(decoded.value)) return this.#handleBatch(decoded.value);
    return this.#handleOne(decoded.value, this, 0);
  }

  #handleBatch(items: readonly unknown[]): Promise<void> | undefined {
    const refusal = this.#checkBatch(items);
    if (refusal !== undefined) {
      this.respond(encode(refusal));
      return undefined;
    }
    // §6: the elements may be processed concurrently; the reply waits for all of them.
    const responses = new BatchResponses(this.#connection, items.length);
    const waiting: Promise<void>[] = [];
    for (let slot = 0; slot < items.length; slot++) {
      const held = this.#handleOne(items[slot], responses, slot);
      if (held !== undefined) waiting.push(held);
    }
    return waiting.length === 0 ? undefined : Promise.all(waiting).then(() => undefined);
  }

  /** §6: an empty batch, or one over the size limit, gets one error object (not an array). */
  #checkBatch(items: readonly unknown[]): Response | undefined {
    if (items.length === 0) {
      return errorResponse(null, {
        code: ErrorCode.INVALID_REQUEST,
        message: 'Invalid Request: empty batch',
      });
    }
    const max = this.#options.maxBatch;
    if (items.length > max) {
      const message = `Invalid Request: batch of ${items.length} requests exceeds the limit of ${max}`;
      return errorResponse(null, { code: ErrorCode.INVALID_REQUEST, message });
    }
    return undefined;
  }

  /**
   * One request object. Its response (undefined for a notification or a client's response) goes
   * to `responses` at `slot`: at once from a synchronous method, later from a call or a login.
   * While the `authorize` hook decides, a promise that settles once the request was handled again
   * (the decision is cached), its call started but not answered.
   */
  #handleOne(value: unknown, responses: ResponseSink, slot: number): Promise<void> | undefined {
    const inbound = classify(value);
    if (inbound.kind === 'response') {
      // An answer to the broker's own request does not count toward the rate limit (SessionContext.refundMessages).
      if (this.#calleeRequests().settle(inbound.response)) this.#context.refundMessages?.(1);
      responses.respond(undefined, slot);
      return undefined;
    }
    if (inbound.kind === 'invalid') {
      const error = { code: ErrorCode.INVALID_REQUEST, message: 'Invalid Request', data: inbound.reason };
      responses.respond(encode(errorResponse(inbound.id, error)), slot);
      return undefined;
    }
    const { request, notification } = inbound;
    // §4.1: the server MUST NOT reply to a notification, not even with an error.
    const id = notification ? undefined : (request.id ?? null);
    let result: unknown;
    try {
      result = this.#methods.dispatch(request.method, request.params);
    } catch (error) {
      if (!(error instanceof AuthorizationPending)) {
        responses.respond(failureResponse(id, request.method, error, this.#context.log), slot);
        return undefined;
      }
      const retry = () => this.#handleOne(value, responses, slot);
      return error.decided.then(retry, retry);
    }
    if (result instanceof RoutedCall) result.respondTo(id, responses, slot);
    else if (result instanceof Promise) this.#respondLater(result, request.method, id, responses, slot);
    else responses.respond(successResponse(id, result), slot);
    return undefined;
  }

  /** The response of an asynchronous built-in method (login). */
  #respondLater(
    result: Promise<unknown>,
    method: string,
    id: RequestId | undefined,
    responses: ResponseSink,
    slot: number,
  ): void {
    void result.then(
      (value) => responses.respond(successResponse(id, value), slot),
      (error: unknown) => responses.respond(failureResponse(id, method, error, this.#context.log), slot),
    );
  }
}

function byteLength(data: MessageData): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

/** RFC 6455 §5.5: a close reason holds at most 123 bytes of UTF-8. */
function truncate(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  if (bytes.length <= 123) return reason;
  return `${new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD$/, '')}...`;
}
