/**
 * Params of the built-in methods, checked with ajv. Each method takes its params by position
 * (an array) or by name (an object), as JSON-RPC 2.0 §4.2 allows; both forms are normalized to
 * one object. Unknown option keys are ignored.
 */
import type { InvokePolicy, MatchPolicy } from '../../src/plugin/index.js';
import { ErrorCode, JsonRpcError } from './errors.js';
import { compile, describeErrors } from './schema.js';

export interface SubscribeParams {
  readonly topic: string;
  readonly match?: MatchPolicy;
}
export interface PublishParams {
  readonly topic: string;
  readonly payload?: unknown;
  /** Application headers: STOMP subscribers see them as MESSAGE headers. */
  readonly headers?: Record<string, string>;
  /** Content type: STOMP subscribers see it as the MESSAGE content-type. */
  readonly contentType?: string;
}
export interface RegisterParams {
  readonly procedure: string;
  readonly match?: MatchPolicy;
  readonly invoke?: InvokePolicy;
}
/** `login`: a user's authid and secret, or a bearer token (a JWT or a static token). */
export type LoginParams =
  | { readonly authid: string; readonly secret: string }
  | { readonly token: string; readonly authid?: undefined };

const uri = { type: 'string', minLength: 1 };
const id = { type: 'integer', minimum: 1 };
const match = { enum: ['exact', 'prefix', 'wildcard'] };
const invoke = { enum: ['single', 'roundrobin', 'random', 'first', 'last'] };
const subscribeOptions = { type: 'object', properties: { match } };
const registerOptions = { type: 'object', properties: { match, invoke } };

type Parser<T> = (params: unknown) => T;

/** Builds a parser from the positional schema (items in order) and the named schema. */
function parser<T>(
  items: readonly object[],
  minItems: number,
  named: { properties: Record<string, object>; required: readonly string[] },
  fromArray: (values: readonly unknown[]) => T,
): Parser<T> {
  const validatePositional = compile<unknown[]>({
    type: 'array',
    items,
    minItems,
    additionalItems: false,
  });
  const validateNamed = compile<T>({ type: 'object', ...named });
  return (params) => {
    if (Array.isArray(params)) {
      if (validatePositional(params)) return fromArray(params);
      throw invalid(describeErrors(validatePositional.errors, 'params'));
    }
    if (validateNamed(params)) return params;
    throw invalid(describeErrors(validateNamed.errors, 'params'));
  };
}

function invalid(reason: string): JsonRpcError {
  return new JsonRpcError(ErrorCode.INVALID_PARAMS, `Invalid params: ${reason}`);
}

function option<K extends string>(options: unknown, key: K): Record<K, unknown> | undefined {
  const value = (options as Record<string, unknown> | undefined)?.[key];
  return value === undefined ? undefined : ({ [key]: value } as Record<K, unknown>);
}

export const parseSubscribe: Parser<SubscribeParams> = parser(
  [uri, subscribeOptions],
  1,
  { properties: { topic: uri, match }, required: ['topic'] },
  ([topic, options]) => ({ topic, ...option(options, 'match') }) as SubscribeParams,
);

const headers = { type: 'object', additionalProperties: { type: 'string' } };
const contentType = { type: 'string', minLength: 1 };
const publishOptions = { type: 'object', properties: { headers, contentType } };

export const parsePublish: Parser<PublishParams> = parser(
  [uri, {}, publishOptions],
  1,
  { properties: { topic: uri, headers, contentType }, required: ['topic'] },
  ([topic, payload, options]) =>
    ({
      topic,
      ...(payload !== undefined && { payload }),
      ...option(options, 'headers'),
      ...option(options, 'contentType'),
    }) as PublishParams,
);

export const parseRegister: Parser<RegisterParams> = parser(
  [uri, registerOptions],
  1,
  { properties: { procedure: uri, match, invoke }, required: ['procedure'] },
  ([procedure, options]) =>
    ({ procedure, ...option(options, 'match'), ...option(options, 'invoke') }) as RegisterParams,
);

const parsePasswordLogin: Parser<LoginParams> = parser(
  [{ type: 'string' }, { type: 'string' }],
  2,
  { properties: { authid: { type: 'string' }, secret: { type: 'string' } }, required: ['authid', 'secret'] },
  ([authid, secret]) => ({ authid, secret }) as LoginParams,
);

const validateTokenLogin = compile<{ token: string }>({
  type: 'object',
  properties: { token: { type: 'string', minLength: 1 } },
  required: ['token'],
});

/** `login(authid, secret)`, `{authid, secret}` or `{token}` (only by name: a token has no position). */
export const parseLogin: Parser<LoginParams> = (params) => {
  if (params === null || typeof params !== 'object' || Array.isArray(params) || !('token' in params)) {
    return parsePasswordLogin(params);
  }
  if (validateTokenLogin(params)) return { token: params.token };
  throw invalid(describeErrors(validateTokenLogin.errors, 'params'));
};

/** `unsubscribe(id)` / `{subscription: id}` and `unregister(id)` / `{registration: id}`. */
function idParser(name: string): Parser<number> {
  const parse = parser([id], 1, { properties: { [name]: id }, required: [name] }, ([value]) => ({
    [name]: value,
  }));
  return (params) => parse(params)[name] as number;
}

export const parseSubscriptionId: Parser<number> = idParser('subscription');
export const parseRegistrationId: Parser<number> = idParser('registration');
