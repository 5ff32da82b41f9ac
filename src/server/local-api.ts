/**
 * In-process access to the router for application code: publish, subscribe, register server-side
 * procedure handlers, call procedures and declare JSON Schema contracts, on any realm, without a
 * WebSocket.
 */
import type { Contract, ContractOptions, ContractRegistry, JsonSchema, PayloadCheck } from '../contracts/registry.js';
import { fromOneValue } from '../payload/index.js';
import type { Router } from '../router/router.js';
import {
  type CallPayload,
  ErrorUri,
  type InvokePolicy,
  type MatchPolicy,
  type PublishResult,
  type Registration,
  type RoutedMessage,
  RouterError,
  type Subscription,
} from '../router/types.js';

/** Return this from a procedure handler to answer with several args and/or kwargs. */
export class CallResult implements CallPayload {
  // Declared fields, not parameter properties: those emit `args?: T | undefined` in the .d.ts,
  // which does not implement CallPayload for consumers with exactOptionalPropertyTypes.
  readonly args?: readonly unknown[];
  readonly kwargs?: Readonly<Record<string, unknown>>;

  constructor(args?: readonly unknown[], kwargs?: Readonly<Record<string, unknown>>) {
    if (args !== undefined) this.args = args;
    if (kwargs !== undefined) this.kwargs = kwargs;
  }
}

export interface ProcedureDetails {
  readonly procedure: string;
  readonly signal: AbortSignal;
  /** Sends a progressive result to callers that accept them. */
  progress(payload: CallPayload): void;
}

/** A server-side procedure: its return value becomes `args: [value]`, or a CallResult as is. */
export type ProcedureHandler = (
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  details: ProcedureDetails,
) => unknown;

interface RealmOption {
  readonly realm?: string;
}

/** Options of `register`: where and how it matches, and the JSON Schemas of its payloads. */
export interface RegisterHandlerOptions extends RealmOption {
  readonly match?: MatchPolicy;
  readonly invoke?: InvokePolicy;
  /** Arguments that break it are refused (`wamp.error.invalid_argument`); the handler never runs. */
  readonly params?: JsonSchema;
  /** A result that breaks it reaches the caller as `junction.error.invalid_result`. */
  readonly result?: JsonSchema;
}

export interface LocalApi {
  publish(
    topic: string,
    payload?: unknown,
    options?: RealmOption & { headers?: Record<string, string>; contentType?: string },
  ): PublishResult;
  subscribe(
    pattern: string,
    onMessage: (message: RoutedMessage) => void,
    options?: RealmOption & { match?: MatchPolicy },
  ): Subscription;
  register(procedure: string, handler: ProcedureHandler, options?: RegisterHandlerOptions): Registration;
  call(procedure: string, payload?: CallPayload, options?: RealmOption & { timeout?: number }): Promise<CallPayload>;
  /**
   * Declares JSON Schema contracts on a topic pattern (`publish`) and/or a procedure pattern
   * (`params`, `result`), for every protocol's publishers and callees (docs/contracts.md).
   * Throws ContractError for a bad pattern or an invalid schema.
   */
  contract(pattern: string, options: ContractOptions): Contract;
}

function toPayload(value: unknown): CallPayload {
  return value instanceof CallResult ? value : fromOneValue(value);
}

function toRouterError(err: unknown): RouterError {
  if (err instanceof RouterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RouterError(ErrorUri.RUNTIME_ERROR, message, { args: [message] });
}

/** The handler's payload checks from `register` options, compiled once. */
function handlerChecks(contracts: ContractRegistry, procedure: string, options: RegisterHandlerOptions) {
  const label = `register("${procedure}")`;
  const compile = (schema: JsonSchema | undefined, kind: 'params' | 'result') =>
    schema === undefined ? undefined : contracts.compile(schema, kind, label);
  return { params: compile(options.params, 'params'), result: compile(options.result, 'result') };
}

/** Runs a check that may be absent; throws the refusal. */
function enforce(check: PayloadCheck | undefined, payload: CallPayload, procedure: string): void {
  const error = check?.(payload, procedure);
  if (error !== undefined) throw error;
}

export function createLocalApi(router: Router, contracts: ContractRegistry): LocalApi {
  return {
    publish(topic, payload, options = {}) {
      const { headers = {}, contentType } = options;
      return router
        .local(options.realm)
        .publish({ topic, ...fromOneValue(payload), headers, ...(contentType !== undefined && { contentType }) });
    },
    subscribe(pattern, onMessage, options = {}) {
      return router
        .local(options.realm)
        .subscribe(pattern, { match: options.match ?? 'exact' }, (message) => onMessage(message));
    },
    register(procedure, handler, options = {}) {
      const { match, invoke } = options;
      const checks = handlerChecks(contracts, procedure, options);
      return router.local(options.realm).register(procedure, { match, invoke }, (invocation) => {
        const details: ProcedureDetails = {
          procedure: invocation.procedure,
          signal: invocation.signal,
          progress: (payload) => invocation.progress(payload),
        };
        Promise.resolve()
          .then(() => {
            enforce(checks.params, invocation, invocation.procedure);
            return handler(invocation.args ?? [], invocation.kwargs ?? {}, details);
          })
          .then((value) => {
            const payload = toPayload(value);
            enforce(checks.result, payload, invocation.procedure);
            return payload;
          })
          .then(
            (payload) => invocation.resolve(payload),
            (err: unknown) => invocation.reject(toRouterError(err)),
          );
      });
    },
    call(procedure, payload = {}, options = {}) {
      try {
        return router.local(options.realm).call(procedure, { ...payload, timeout: options.timeout }).result;
      } catch (err) {
        return Promise.reject(err);
      }
    },
    contract(pattern, options) {
      return contracts.add(pattern, options);
    },
  };
}
