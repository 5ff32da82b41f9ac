/**
 * JSON-RPC 2.0 envelopes (jsonrpc.org/specification §4, §5): decoding a WebSocket message,
 * telling requests, notifications and responses apart, and encoding replies.
 */
import { isRecord, jsonNestsDeeper, type MessageData } from '../../src/plugin/index.js';
import { ErrorCode, type ErrorObject } from './errors.js';
import { compile, describeErrors } from './schema.js';

/** §4: "An identifier established by the Client that MUST contain a String, Number, or NULL". */
export type RequestId = string | number | null;

export interface Request {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: readonly unknown[] | Readonly<Record<string, unknown>>;
  readonly id?: RequestId;
}

export interface Response {
  readonly jsonrpc: '2.0';
  readonly id: RequestId;
  readonly result?: unknown;
  readonly error?: ErrorObject;
}

/** One decoded element: a request (or notification), a response to a broker request, or garbage. */
export type Inbound =
  | { readonly kind: 'request'; readonly request: Request; readonly notification: boolean }
  | { readonly kind: 'response'; readonly response: Response }
  | { readonly kind: 'invalid'; readonly id: RequestId; readonly reason: string };

const idSchema = { type: ['string', 'number', 'null'] };

const validateRequest = compile<Request>({
  type: 'object',
  required: ['jsonrpc', 'method'],
  properties: {
    jsonrpc: { const: '2.0' },
    method: { type: 'string' },
    params: { type: ['array', 'object'] },
    id: idSchema,
  },
});

const validateResponse = compile<Response>({
  type: 'object',
  required: ['jsonrpc', 'id'],
  properties: {
    jsonrpc: { const: '2.0' },
    id: idSchema,
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'integer' }, message: { type: 'string' } },
    },
  },
  // §5: "Either the result member or error member MUST be included, but both members MUST NOT be included."
  oneOf: [{ required: ['result'] }, { required: ['error'] }],
});

/**
 * Parses one WebSocket message; binary frames are read as UTF-8. Undefined when it is not JSON;
 * `tooDeep` (not parsed) when its arrays and objects nest deeper than `maxDepth`.
 */
export function decode(
  data: MessageData,
  maxDepth = Number.POSITIVE_INFINITY,
): { value: unknown } | { tooDeep: true } | undefined {
  let text: string;
  try {
    text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data);
    if (jsonNestsDeeper(text, maxDepth)) return { tooDeep: true };
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Classifies one request object (a single message or one batch element). */
export function classify(value: unknown): Inbound {
  if (isRecord(value) && !Object.hasOwn(value, 'method') && isResponseShaped(value)) {
    if (validateResponse(value)) return { kind: 'response', response: value };
    // An invalid response cannot be matched to a request: answer with id null (§5).
    return { kind: 'invalid', id: null, reason: describeErrors(validateResponse.errors, 'response') };
  }
  if (validateRequest(value)) {
    return { kind: 'request', request: value, notification: !Object.hasOwn(value, 'id') };
  }
  return {
    kind: 'invalid',
    id: readableId(value),
    reason: describeErrors(validateRequest.errors, 'request'),
  };
}

function isResponseShaped(value: Record<string, unknown>): boolean {
  return Object.hasOwn(value, 'result') || Object.hasOwn(value, 'error');
}

/** §5: the id of an invalid request is echoed when it could be read, else null. */
function readableId(value: unknown): RequestId {
  if (!isRecord(value)) return null;
  const id = value.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** A success response. `result` must already be JSON-safe. */
export function resultResponse(id: RequestId, result: unknown): Response {
  return { jsonrpc: '2.0', result, id };
}

export function errorResponse(id: RequestId, error: ErrorObject): Response {
  return { jsonrpc: '2.0', error, id };
}

/**
 * §5.1 -32600: the answer to a request or batch nested deeper than `limits.maxDepth`. It is
 * refused unread, so its id is unknown (null) and a batch gets this one object.
 */
export function tooDeepResponse(maxDepth: number): Response {
  return errorResponse(null, {
    code: ErrorCode.INVALID_REQUEST,
    message: `Invalid Request: nested deeper than ${maxDepth} levels`,
  });
}

/** §4.2 / §5.1: the answer to a message that is not JSON. */
export const PARSE_ERROR_RESPONSE: Response = errorResponse(null, {
  code: ErrorCode.PARSE_ERROR,
  message: 'Parse error',
});
