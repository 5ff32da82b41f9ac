/**
 * In-process access to the router for application code: publish, subscribe, register server-side
 * procedure handlers and call procedures, on any realm, without a WebSocket.
 */
import {
  type CallPayload,
  ErrorUri,
  type InvokePolicy,
  type MatchPolicy,
  type PublishResult,
  type Registration,
  type RoutedMessage,
  type Router,
  RouterError,
  type Subscription,
} from './router/types.js';

/** Return this from a procedure handler to answer with several args and/or kwargs. */
export class CallResult implements CallPayload {
  constructor(
    readonly args?: readonly unknown[],
    readonly kwargs?: Readonly<Record<string, unknown>>,
  ) {}
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
  register(
    procedure: string,
    handler: ProcedureHandler,
    options?: RealmOption & { match?: MatchPolicy; invoke?: InvokePolicy },
  ): Registration;
  call(procedure: string, payload?: CallPayload, options?: RealmOption & { timeout?: number }): Promise<CallPayload>;
}

function toPayload(value: unknown): CallPayload {
  if (value instanceof CallResult) return value;
  return value === undefined ? {} : { args: [value] };
}

function toRouterError(err: unknown): RouterError {
  if (err instanceof RouterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RouterError(ErrorUri.RUNTIME_ERROR, message, { args: [message] });
}

export function createLocalApi(router: Router): LocalApi {
  return {
    publish(topic, payload, options = {}) {
      const args = payload === undefined ? undefined : [payload];
      const { headers = {}, contentType } = options;
      return router
        .local(options.realm)
        .publish({ topic, args, headers, ...(contentType !== undefined && { contentType }) });
    },
    subscribe(pattern, onMessage, options = {}) {
      return router
        .local(options.realm)
        .subscribe(pattern, { match: options.match ?? 'exact' }, (message) => onMessage(message));
    },
    register(procedure, handler, options = {}) {
      const { match, invoke } = options;
      return router.local(options.realm).register(procedure, { match, invoke }, (invocation) => {
        const details: ProcedureDetails = {
          procedure: invocation.procedure,
          signal: invocation.signal,
          progress: (payload) => invocation.progress(payload),
        };
        Promise.resolve()
          .then(() => handler(invocation.args ?? [], invocation.kwargs ?? {}, details))
          .then(
            (value) => invocation.resolve(toPayload(value)),
            (err: unknown) => invocation.reject(toRouterError(err)),
          );
      });
    },
    call(procedure, payload = {}, options = {}) {
      return router.local(options.realm).call(procedure, { ...payload, timeout: options.timeout }).result;
    },
  };
}
