/**
 * JSON-RPC 2.0 error objects (spec §5.1). Router errors get the code the one error table gives
 * their URI (server-defined ones in -32000..-32099); the URI always travels in `error.data.uri`.
 */
import {
  AuthenticationError,
  ErrorUri,
  errorCodes,
  isRecord,
  RouterError,
  routerErrorFor,
  routerErrors,
} from '../../src/plugin/index.js';

/** Error codes: the five the spec defines plus Junction's server-defined ones. */
export const ErrorCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** Any application or router error without a more specific code below. */
  APPLICATION_ERROR: -32000,
  LOGIN_REQUIRED: -32001,
  TIMEOUT: -32002,
  CANCELED: -32003,
  AUTHENTICATION_FAILED: -32004,
  NOT_AUTHORIZED: -32005,
  ALREADY_JOINED: -32006,
  PROCEDURE_ALREADY_EXISTS: -32007,
  LIMIT_EXCEEDED: -32008,
  UNAVAILABLE: -32009,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The `error` member of a response. */
export interface ErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** Thrown inside method handlers; rendered as the response's error object. */
export class JsonRpcError extends Error {
  readonly code: number;
  readonly data?: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'JsonRpcError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }

  toObject(): ErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** URI of errors a JSON-RPC callee returned without a `data.uri` of its own. */
export const JSONRPC_ERROR_URI = routerErrors.JSONRPC_ERROR.uri;

/** Renders a RouterError: the code the error table gives its URI, the URI and payload in `data`. */
export function fromRouterError(error: RouterError): ErrorObject {
  const passthrough = fromJsonRpcCalleeError(error) ?? fromRefusal(error);
  if (passthrough !== undefined) return passthrough;
  const data: Record<string, unknown> = { uri: error.uri };
  if (error.args !== undefined) data.args = error.args;
  if (error.kwargs !== undefined) data.kwargs = error.kwargs;
  return { code: routerErrorFor(error.uri).jsonrpc, message: error.message, data };
}

/**
 * An authorization refusal (issue 11) names what was refused: -32005 with `data: {action, uri}`,
 * the action (`publish`, `subscribe`, `call`, `register`) and the topic or procedure. The code
 * alone says `wamp.error.not_authorized` (docs/jsonrpc.md, "Authorization").
 */
function fromRefusal(error: RouterError): ErrorObject | undefined {
  const action = error.kwargs?.action;
  const uri = error.kwargs?.uri;
  if (error.uri !== ErrorUri.NOT_AUTHORIZED || typeof action !== 'string' || typeof uri !== 'string') return undefined;
  return { code: ErrorCode.NOT_AUTHORIZED, message: error.message, data: { action, uri } };
}

/** An error object another JSON-RPC callee returned reaches a JSON-RPC caller unchanged. */
function fromJsonRpcCalleeError(error: RouterError): ErrorObject | undefined {
  const code = error.kwargs?.code;
  if (error.uri !== JSONRPC_ERROR_URI || !Number.isInteger(code)) return undefined;
  const data = error.kwargs?.data;
  return data === undefined
    ? { code: code as number, message: error.message }
    : { code: code as number, message: error.message, data };
}

/**
 * Turns a callee's error response into the RouterError the caller gets: `data.uri` names the URI
 * when present (so a JSON-RPC callee can raise `com.example.error.x` for WAMP callers); otherwise
 * -32602 becomes `wamp.error.invalid_argument` and anything else `junction.error.jsonrpc` with
 * the original code, message and data in kwargs.
 */
export function toRouterError(error: ErrorObject): RouterError {
  const data = error.data;
  if (isRecord(data) && typeof data.uri === 'string' && data.uri !== '') {
    const payload: { args?: unknown[]; kwargs?: Record<string, unknown> } = {};
    if (Array.isArray(data.args)) payload.args = data.args;
    if (isRecord(data.kwargs)) payload.kwargs = data.kwargs;
    return new RouterError(data.uri, error.message, payload);
  }
  if (error.code === ErrorCode.INVALID_PARAMS) {
    return new RouterError(ErrorUri.INVALID_ARGUMENT, error.message);
  }
  const kwargs: Record<string, unknown> = { code: error.code, message: error.message };
  if (data !== undefined) kwargs.data = data;
  return new RouterError(JSONRPC_ERROR_URI, error.message, { kwargs });
}

/** Renders anything a handler threw; unexpected errors become -32603 without leaking details. */
export function toErrorObject(error: unknown): ErrorObject {
  if (error instanceof JsonRpcError) return error.toObject();
  if (error instanceof RouterError) return fromRouterError(error);
  if (error instanceof AuthenticationError) {
    return { code: errorCodes.JNC_ERR_AUTH_FAILED.jsonrpc, message: `authentication failed: ${error.message}` };
  }
  return { code: ErrorCode.INTERNAL_ERROR, message: 'Internal error' };
}
