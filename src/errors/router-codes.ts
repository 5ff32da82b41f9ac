/**
 * The router's error URIs, the other half of the one error table: for each URI its code, what it
 * means, and how every built-in protocol renders it. WAMP passes the URI through (WAMP BB "Error
 * URIs"); JSON-RPC keeps the codes of docs/jsonrpc.md; STOMP sends ERROR and closes (STOMP 1.2
 * "ERROR": the server closes the connection after it), 1008 for a breached bound, else 1002.
 */
import type { RouterErrorSpec, StompRendering } from './spec.js';

/** RFC 6455 §7.4.1: 1002 protocol error; 1008 policy violation (a bound or a permission). */
const stomp = {
  PROTOCOL: { message: '%s', closeCode: 1002 },
  POLICY: { message: '%s', closeCode: 1008 },
  // issue 11: a refusal says `access denied` (RabbitMQ's words); the ERROR's headers name the action and URI.
  DENIED: { message: 'access denied', closeCode: 1008 },
} as const satisfies Record<string, StompRendering>;

/** JSON-RPC 2.0 §5.1 codes, and Junction's server-defined ones (-32000..-32099). */
const jsonrpc = {
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  APPLICATION_ERROR: -32000,
  TIMEOUT: -32002,
  CANCELED: -32003,
  NOT_AUTHORIZED: -32005,
  PROCEDURE_ALREADY_EXISTS: -32007,
  LIMIT_EXCEEDED: -32008,
  UNAVAILABLE: -32009,
} as const;

/** Every error URI the router, the engines or a built-in protocol raise, by ErrorUri key. */
export const routerErrors = {
  NO_SUCH_PROCEDURE: {
    uri: 'wamp.error.no_such_procedure',
    code: 'JNC_ERR_ROUTER_NO_SUCH_PROCEDURE',
    summary: 'no callee is registered for the procedure called',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.no_such_procedure',
    jsonrpc: jsonrpc.METHOD_NOT_FOUND,
  },
  PROCEDURE_ALREADY_EXISTS: {
    uri: 'wamp.error.procedure_already_exists',
    code: 'JNC_ERR_ROUTER_PROCEDURE_ALREADY_EXISTS',
    summary: 'a single registration already holds the procedure',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.procedure_already_exists',
    jsonrpc: jsonrpc.PROCEDURE_ALREADY_EXISTS,
  },
  NO_SUCH_REGISTRATION: {
    uri: 'wamp.error.no_such_registration',
    code: 'JNC_ERR_ROUTER_NO_SUCH_REGISTRATION',
    summary: 'unregister of an unknown registration id',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.no_such_registration',
    jsonrpc: jsonrpc.INVALID_PARAMS,
  },
  NO_SUCH_SUBSCRIPTION: {
    uri: 'wamp.error.no_such_subscription',
    code: 'JNC_ERR_ROUTER_NO_SUCH_SUBSCRIPTION',
    summary: 'unsubscribe of an unknown subscription id',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.no_such_subscription',
    jsonrpc: jsonrpc.INVALID_PARAMS,
  },
  NO_SUCH_REALM: {
    uri: 'wamp.error.no_such_realm',
    code: 'JNC_ERR_ROUTER_NO_SUCH_REALM',
    summary: 'an unknown realm named in strict mode',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.no_such_realm',
    jsonrpc: jsonrpc.APPLICATION_ERROR,
  },
  INVALID_URI: {
    uri: 'wamp.error.invalid_uri',
    code: 'JNC_ERR_ROUTER_INVALID_URI',
    summary: 'an invalid topic, queue or procedure name, or a reserved one',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.invalid_uri',
    jsonrpc: jsonrpc.INVALID_PARAMS,
  },
  INVALID_ARGUMENT: {
    uri: 'wamp.error.invalid_argument',
    code: 'JNC_ERR_ROUTER_INVALID_ARGUMENT',
    summary: 'bad arguments, or a payload that breaks its contract',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.invalid_argument',
    jsonrpc: jsonrpc.INVALID_PARAMS,
  },
  CANCELED: {
    uri: 'wamp.error.canceled',
    code: 'JNC_ERR_ROUTER_CANCELED',
    summary: 'the call was canceled, or its callee left',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.canceled',
    jsonrpc: jsonrpc.CANCELED,
  },
  TIMEOUT: {
    uri: 'wamp.error.timeout',
    code: 'JNC_ERR_ROUTER_TIMEOUT',
    summary: 'the call outlived its timeout',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.timeout',
    jsonrpc: jsonrpc.TIMEOUT,
  },
  NOT_AUTHORIZED: {
    uri: 'wamp.error.not_authorized',
    code: 'JNC_ERR_ROUTER_NOT_AUTHORIZED',
    summary: "the session's role may not do this",
    stomp: stomp.DENIED,
    wamp: 'wamp.error.not_authorized',
    jsonrpc: jsonrpc.NOT_AUTHORIZED,
  },
  RUNTIME_ERROR: {
    uri: 'wamp.error.runtime_error',
    code: 'JNC_ERR_ROUTER_RUNTIME_ERROR',
    summary: 'a callee or meta procedure failed without an error URI of its own',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.runtime_error',
    jsonrpc: jsonrpc.APPLICATION_ERROR,
  },
  UNAVAILABLE: {
    uri: 'wamp.error.unavailable',
    code: 'JNC_ERR_ROUTER_UNAVAILABLE',
    summary: 'the cluster engine or the callee node cannot be reached',
    stomp: stomp.PROTOCOL,
    wamp: 'wamp.error.unavailable',
    jsonrpc: jsonrpc.UNAVAILABLE,
  },
  QUEUE_FULL: {
    uri: 'junction.error.queue_full',
    code: 'JNC_ERR_ROUTER_QUEUE_FULL',
    summary: 'a send would pass `maxQueueLength`, `maxQueuesPerRealm` or `maxQueuedBytes`',
    stomp: stomp.POLICY,
    wamp: 'junction.error.queue_full',
    jsonrpc: jsonrpc.LIMIT_EXCEEDED,
  },
  /** A callee's result broke its procedure's contract (JSON Schema). */
  INVALID_RESULT: {
    uri: 'junction.error.invalid_result',
    code: 'JNC_ERR_ROUTER_INVALID_RESULT',
    summary: "a callee's result breaks its procedure's `result` schema",
    stomp: stomp.PROTOCOL,
    wamp: 'junction.error.invalid_result',
    jsonrpc: jsonrpc.APPLICATION_ERROR,
  },
  LIMIT_EXCEEDED: {
    uri: 'junction.error.limit_exceeded',
    code: 'JNC_ERR_ROUTER_LIMIT_EXCEEDED',
    summary: 'a per-session bound (subscriptions, registrations, pending calls) is reached',
    stomp: stomp.POLICY,
    wamp: 'junction.error.limit_exceeded',
    jsonrpc: jsonrpc.LIMIT_EXCEEDED,
  },
  /** A JSON-RPC callee's error object without a URI; a JSON-RPC caller gets the object unchanged. */
  JSONRPC_ERROR: {
    uri: 'junction.error.jsonrpc',
    code: 'JNC_ERR_ROUTER_JSONRPC_ERROR',
    summary: 'a JSON-RPC callee answered with an error object that names no URI',
    stomp: stomp.PROTOCOL,
    wamp: 'junction.error.jsonrpc',
    jsonrpc: jsonrpc.APPLICATION_ERROR,
  },
} as const satisfies Record<string, RouterErrorSpec>;

/**
 * Any other URI: an application error a callee raised (`com.example.error.out_of_stock`). WAMP
 * passes its URI through like the others'.
 */
export const applicationError = {
  code: 'JNC_ERR_ROUTER_APPLICATION',
  summary: 'an application error URI raised by a callee',
  stomp: stomp.PROTOCOL,
  jsonrpc: jsonrpc.APPLICATION_ERROR,
} as const satisfies Omit<RouterErrorSpec, 'uri' | 'wamp'>;

type RouterErrors = typeof routerErrors;

/** The code of a router error: one per URI of the table, or the application code. */
export type RouterErrorCode = RouterErrors[keyof RouterErrors]['code'] | typeof applicationError.code;

/** Error URIs the router itself produces, by name. Protocols render them from `routerErrorFor`. */
export const ErrorUri = Object.fromEntries(Object.entries(routerErrors).map(([key, spec]) => [key, spec.uri])) as {
  readonly [K in keyof RouterErrors]: RouterErrors[K]['uri'];
};

const byUri: ReadonlyMap<string, RouterErrorSpec> = new Map(
  Object.values(routerErrors).map((spec) => [spec.uri, spec]),
);

/** The table entry of `uri`; an application URI gets the application entry, with its own URI. */
export function routerErrorFor(uri: string): RouterErrorSpec {
  return byUri.get(uri) ?? { ...applicationError, uri, wamp: uri };
}

/** Whether `uri` is one of the table's (not an application URI). */
export function isRouterErrorUri(uri: string): boolean {
  return byUri.has(uri);
}
