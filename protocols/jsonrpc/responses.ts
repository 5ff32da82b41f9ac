/**
 * Where responses go (jsonrpc.org/specification §5, §6): a single request's straight to the
 * connection, a batch's into one array sent once its last request is answered. A response may be
 * known at once (a built-in method) or later (a call, a login), so each is handed over with its
 * request's slot in the batch.
 */
import type { Connection, Logger } from '../../src/plugin/index.js';
import { errorResponse, type RequestId, type Response, resultResponse } from './envelope.js';
import { ErrorCode, toErrorObject } from './errors.js';

/**
 * Receives each request's response once it is known, encoded: undefined for a notification (§4.1)
 * or a client's response to a broker request. Called once per slot.
 */
export interface ResponseSink {
  respond(response: string | undefined, slot: number): void;
}

/** §6: one array of a batch's responses in the order of its requests; nothing when none has one. */
export class BatchResponses implements ResponseSink {
  readonly #connection: Connection;
  readonly #responses: (string | undefined)[];
  #missing: number;

  constructor(connection: Connection, size: number) {
    this.#connection = connection;
    this.#responses = new Array(size);
    this.#missing = size;
  }

  respond(response: string | undefined, slot: number): void {
    this.#responses[slot] = response;
    if (--this.#missing > 0) return;
    const replies = this.#responses.filter((reply) => reply !== undefined);
    if (replies.length > 0) this.#connection.send(`[${replies.join(',')}]`);
  }
}

/**
 * The encoded success response to a request; none for a notification (`id` undefined, §4.1).
 * Written around the result's JSON, the text JSON.stringify gives the response object (the same
 * members in the same order) without making that object.
 */
export function successResponse(id: RequestId | undefined, result: unknown): string | undefined {
  if (id === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch {
    text = undefined;
  }
  // Undefined, or a value JSON cannot hold: encoded as the response object was (-32603 for the id when it throws).
  if (text === undefined) return encode(resultResponse(id, result));
  return `{"jsonrpc":"2.0","result":${text},"id":${JSON.stringify(id)}}`;
}

/**
 * The encoded error response to a request (none for a notification, whose `id` is undefined),
 * logged: unexpected errors (-32603) at error level, the others at debug.
 */
export function failureResponse(
  id: RequestId | undefined,
  method: string,
  error: unknown,
  log: Logger,
): string | undefined {
  const object = toErrorObject(error);
  if (object.code === ErrorCode.INTERNAL_ERROR) log.error({ err: error, method }, 'JSON-RPC method failed');
  else log.debug({ method, code: object.code }, 'JSON-RPC error reply');
  return id === undefined ? undefined : encode(errorResponse(id, object));
}

/** Encodes a response; a result JSON cannot hold becomes -32603 Internal error for that id. */
export function encode(response: Response): string {
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
