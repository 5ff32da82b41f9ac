/**
 * One JSON-RPC 2.0 conversation: decoding, single requests, notifications and batches
 * (jsonrpc.org/specification §4-§6). Every error path answers with an error object; nothing
 * escapes onMessage.
 */
import type { Connection, MessageData, Session, SessionContext } from '../../src/plugin/index.js';
import { Access } from './access.js';
import { CalleeRequests } from './callee.js';
import { classify, decode, errorResponse, PARSE_ERROR_RESPONSE, type Response, resultResponse } from './envelope.js';
import { ErrorCode, toErrorObject } from './errors.js';
import { Methods } from './methods.js';
import type { PushEncoder } from './push-encoder.js';

export interface JsonRpcSessionOptions {
  readonly maxBatch: number;
  readonly callTimeout: number;
  readonly pushes: PushEncoder;
}

/** A message as decoded: undefined when it is not JSON. */
type Decoded = ReturnType<typeof decode>;

/** Close code for an unknown realm (RFC 6455 §7.4.1: policy violation). */
const POLICY_VIOLATION = 1008;

export class JsonRpcSession implements Session {
  readonly #connection: Connection;
  readonly #context: SessionContext;
  readonly #options: JsonRpcSessionOptions;
  readonly #access: Access;
  readonly #callee: CalleeRequests;
  readonly #methods: Methods;
  /** Settles when the session joined, waits for login, or was refused; messages wait for it. */
  readonly #ready: Promise<void>;
  /** Set once #ready settled: later messages are handled at once, in arrival order. */
  #started = false;

  constructor(connection: Connection, context: SessionContext, options: JsonRpcSessionOptions) {
    this.#connection = connection;
    this.#context = context;
    this.#options = options;
    const send = (text: string) => connection.send(text);
    this.#access = new Access(context);
    this.#callee = new CalleeRequests(send, context.log);
    this.#methods = new Methods({
      access: this.#access,
      callee: this.#callee,
      send,
      sendText: (bytes) => connection.send(bytes, { binary: false }),
      log: context.log,
      pushes: options.pushes,
      callTimeout: options.callTimeout,
    });
    this.#ready = this.#start();
  }

  async #start(): Promise<void> {
    try {
      if (await this.#access.start()) return;
      this.#connection.close(POLICY_VIOLATION, truncate(`no such realm: ${this.#access.realm}`));
    } catch (error) {
      this.#context.log.warn({ err: error, realm: this.#access.realm }, 'cannot join realm');
      this.#connection.close(POLICY_VIOLATION, truncate(`cannot join realm: ${this.#access.realm}`));
    } finally {
      this.#started = true;
    }
  }

  /**
   * Handles one message. Requests answer as soon as their method does: a synchronous method
   * (subscribe, publish, …) answers before the next message is read, so replies keep the order
   * of requests, while a call waits in the background (a client may call a procedure it
   * registered itself, whose invocation arrives in a later message).
   */
  onMessage(data: MessageData): void {
    const decoded = decode(data);
    // Each request of a batch counts against the inbound rate, as it arrives (not once joined).
    this.#context.countMessages?.(Array.isArray(decoded?.value) ? decoded.value.length : 1);
    if (this.#started) {
      this.#handleLogged(decoded);
      return;
    }
    this.#ready.then(() => this.#handleLogged(decoded));
  }

  #handleLogged(decoded: Decoded): void {
    try {
      this.#handle(decoded);
    } catch (error) {
      this.#context.log.error({ err: error }, 'JSON-RPC message handling failed');
    }
  }

  onClose(): void {
    this.#callee.cancelAll();
  }

  #handle(decoded: Decoded): void {
    if (this.#access.state === 'refused' || !this.#connection.isOpen) return;
    if (decoded === undefined) {
      this.#sendOne(PARSE_ERROR_RESPONSE);
      return;
    }
    if (!Array.isArray(decoded.value)) {
      const response = this.#handleOne(decoded.value);
      if (response instanceof Promise) void response.then((answer) => answer && this.#sendOne(answer));
      else if (response !== undefined) this.#sendOne(response);
      return;
    }
    void this.#handleBatch(decoded.value);
  }

  async #handleBatch(items: readonly unknown[]): Promise<void> {
    const refusal = this.#checkBatch(items);
    if (refusal !== undefined) {
      this.#sendOne(refusal);
      return;
    }
    // §6: the elements may be processed concurrently; the reply waits for all of them.
    const responses = await Promise.all(items.map((item) => this.#handleOne(item)));
    const replies = responses.filter((response) => response !== undefined);
    // §6: a batch of notifications only gets no reply at all.
    if (replies.length > 0) this.#connection.send(`[${replies.map(encode).join(',')}]`);
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
   * One request object: the response to send, or undefined (notification, or a client
   * response); a promise only when the method itself is asynchronous (a call).
   */
  #handleOne(value: unknown): Response | undefined | Promise<Response | undefined> {
    const inbound = classify(value);
    if (inbound.kind === 'response') {
      this.#callee.settle(inbound.response);
      return undefined;
    }
    if (inbound.kind === 'invalid') {
      const error = { code: ErrorCode.INVALID_REQUEST, message: 'Invalid Request', data: inbound.reason };
      return errorResponse(inbound.id, error);
    }
    const { request, notification } = inbound;
    // §4.1: the server MUST NOT reply to a notification, not even with an error.
    const succeed = (result: unknown) => (notification ? undefined : resultResponse(request.id ?? null, result));
    const fail = (error: unknown) => {
      this.#logFailure(request.method, error);
      return notification ? undefined : errorResponse(request.id ?? null, toErrorObject(error));
    };
    try {
      const result = this.#methods.dispatch(request.method, request.params);
      return result instanceof Promise ? result.then(succeed, fail) : succeed(result);
    } catch (error) {
      return fail(error);
    }
  }

  #logFailure(method: string, error: unknown): void {
    const object = toErrorObject(error);
    if (object.code === ErrorCode.INTERNAL_ERROR) {
      this.#context.log.error({ err: error, method }, 'JSON-RPC method failed');
    } else {
      this.#context.log.debug({ method, code: object.code }, 'JSON-RPC error reply');
    }
  }

  #sendOne(response: Response): void {
    this.#connection.send(encode(response));
  }
}

/** Encodes a response; a result JSON cannot hold becomes -32603 Internal error for that id. */
function encode(response: Response): string {
  try {
    return JSON.stringify(response);
  } catch {
    const error = {
      code: ErrorCode.INTERNAL_ERROR,
      message: 'Internal error: result cannot be encoded as JSON',
    };
    return JSON.stringify(errorResponse(response.id, error));
  }
}

/** RFC 6455 §5.5: a close reason holds at most 123 bytes of UTF-8. */
function truncate(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  if (bytes.length <= 123) return reason;
  return `${new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD$/, '')}...`;
}
