/**
 * The built-in methods (subscribe, unsubscribe, publish, register, unregister, login) and the
 * fallback: any other method name calls the registered procedure of that name.
 */
import {
  ErrorUri,
  type Logger,
  type Registration,
  type RoutedMessage,
  routerErrorFor,
  type Subscription,
} from '../../src/plugin/index.js';
import type { Access } from './access.js';
import type { CalleeRequests } from './callee.js';
import { ErrorCode, JsonRpcError } from './errors.js';
import {
  parseLogin,
  parsePublish,
  parseRegister,
  parseRegistrationId,
  parseSubscribe,
  parseSubscriptionId,
} from './params.js';
import { PayloadDepthError, paramsToPayload, publishedPayload } from './payload.js';
import type { PushEncoder } from './push-encoder.js';
import { callFailure, RoutedCall } from './routed-call.js';

/** Method names of the built-ins, and of the broker's push notification. */
export const Method = {
  SUBSCRIBE: 'subscribe',
  UNSUBSCRIBE: 'unsubscribe',
  PUBLISH: 'publish',
  REGISTER: 'register',
  UNREGISTER: 'unregister',
  LOGIN: 'login',
  /** Broker → client notification carrying a published message. */
  SUBSCRIPTION: 'subscription',
} as const;

export interface MethodsDeps {
  readonly access: Access;
  /** This session's requests to its client as a callee (made at the first `register`). */
  callee(): CalleeRequests;
  readonly send: (text: string) => boolean;
  readonly log: Logger;
  /** Encodes pushes once per message, shared by all sessions of the plugin. */
  readonly pushes: PushEncoder;
  /** Sends UTF-8 bytes as a text message (shared push bytes). */
  readonly sendText: (bytes: Uint8Array) => boolean;
  /** Call timeout in ms; 0 = none. */
  readonly callTimeout: number;
}

type Params = unknown;

export class Methods {
  readonly #deps: MethodsDeps;
  readonly #subscriptions = new Map<number, Subscription>();
  /** Made at the first `register` (issue 13: idle memory). */
  #registrations: Map<number, Registration> | undefined;
  #lastSubscription = 0;
  #lastRegistration = 0;

  constructor(deps: MethodsDeps) {
    this.#deps = deps;
  }

  /**
   * Runs one request's method. Throws (or rejects with) the error to answer with; a call to a
   * router procedure returns its RoutedCall.
   */
  dispatch(method: string, params: Params): unknown {
    switch (method) {
      case Method.LOGIN:
        return this.#deps.access.login(parseLogin(params));
      case Method.SUBSCRIBE:
        return this.#subscribe(params);
      case Method.UNSUBSCRIBE:
        return this.#unsubscribe(params);
      case Method.PUBLISH:
        return this.#publish(params);
      case Method.REGISTER:
        return this.#register(params);
      case Method.UNREGISTER:
        return this.#unregister(params);
      default:
        return this.#call(method, params);
    }
  }

  #subscribe(params: Params): number {
    const router = this.#deps.access.router();
    const { topic, match } = parseSubscribe(params);
    // Ids are per session: two subscriptions of one client to the same pattern stay distinct.
    const id = ++this.#lastSubscription;
    const subscription = router.subscribe(topic, match === undefined ? {} : { match }, (message) =>
      this.#push(id, message),
    );
    this.#subscriptions.set(id, subscription);
    return id;
  }

  /** Sends one push. Runs inside the publisher's publish(), so it must never throw. */
  #push(id: number, message: RoutedMessage): void {
    const push = this.#deps.pushes.encode(message, id, this.#deps.log);
    if (push !== undefined) this.#deps.sendText(push);
  }

  #unsubscribe(params: Params): true {
    this.#deps.access.router();
    const id = parseSubscriptionId(params);
    const subscription = this.#subscriptions.get(id);
    if (subscription === undefined) throw unknownId(ErrorUri.NO_SUCH_SUBSCRIPTION, 'subscription', id);
    this.#subscriptions.delete(id);
    subscription.unsubscribe();
    return true;
  }

  #publish(params: Params): true {
    const router = this.#deps.access.router();
    const { topic, payload, headers, contentType } = parsePublish(params);
    router.publish({
      topic,
      ...depthChecked(() => publishedPayload(payload)),
      ...(headers !== undefined && { headers }),
      ...(contentType !== undefined && { contentType }),
    });
    return true;
  }

  #register(params: Params): number {
    const router = this.#deps.access.router();
    const { procedure, match, invoke } = parseRegister(params);
    const options = {
      ...(match === undefined ? {} : { match }),
      ...(invoke === undefined ? {} : { invoke }),
    };
    const callee = this.#deps.callee();
    const registration = router.register(procedure, options, callee.handler, callee.interrupt);
    const id = ++this.#lastRegistration;
    this.#registrations ??= new Map();
    this.#registrations.set(id, registration);
    return id;
  }

  #unregister(params: Params): true {
    this.#deps.access.router();
    const id = parseRegistrationId(params);
    const registration = this.#registrations?.get(id);
    if (registration === undefined) throw unknownId(ErrorUri.NO_SUCH_REGISTRATION, 'registration', id);
    this.#registrations?.delete(id);
    registration.unregister();
    return true;
  }

  /**
   * Starts the call at once, so that a refusal, or AuthorizationPending, is thrown before this
   * returns (the session holds the messages behind a pending one); the response comes later,
   * through the RoutedCall (the session says where it goes).
   */
  #call(method: string, params: Params): RoutedCall {
    if (method.startsWith('rpc.')) {
      // §4: names beginning with "rpc." are reserved for extensions; Junction defines none.
      throw new JsonRpcError(ErrorCode.METHOD_NOT_FOUND, `Method not found: ${method}`);
    }
    const router = this.#deps.access.router();
    const payload = depthChecked(() => paramsToPayload(params));
    const call = new RoutedCall(method, this.#deps.log);
    try {
      // One object shape for every call (no spreads): the router reads these on its hot path. The
      // RoutedCall is the reply, and takes progress (progress.ts): a JSON-RPC call always asks for it.
      router.call(method, { args: payload.args, kwargs: payload.kwargs, timeout: this.#deps.callTimeout, reply: call });
    } catch (error) {
      // Nothing was collected yet: a refusal is thrown before the call starts.
      throw callFailure(method, error, undefined);
    }
    return call;
  }
}

/** Runs a params decoder; a value nested too deeply is -32602 Invalid params. */
function depthChecked<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof PayloadDepthError) {
      throw new JsonRpcError(ErrorCode.INVALID_PARAMS, `Invalid params: ${error.message}`);
    }
    throw error;
  }
}

/** An unknown subscription or registration id: the code the error table gives its URI (-32602). */
function unknownId(uri: string, what: string, id: number): JsonRpcError {
  return new JsonRpcError(routerErrorFor(uri).jsonrpc, `Invalid params: no ${what} ${id}`, { uri });
}
