/** The part of autobahn-js 22.11.1 the examples and tests use (the package ships no types). */
declare module 'autobahn' {
  type Args = unknown[] | undefined;
  type Kwargs = Record<string, unknown> | undefined;

  interface WhenPromise<T> extends Promise<T> {
    then<R1 = T, R2 = never>(
      onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
      onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
      onProgress?: (update: unknown) => void,
    ): Promise<R1 | R2>;
    cancel(options?: { mode?: 'skip' | 'kill' | 'killnowait' }): void;
  }

  export interface EventDetails {
    publication: number;
    topic?: string;
    publisher?: number;
    publisher_authid?: string;
  }

  export interface InvocationDetails {
    procedure?: string;
    caller?: number;
    caller_authid?: string;
    progress?: ((args?: Args, kwargs?: Kwargs) => void) | null;
  }

  export interface Subscription {
    id: number;
  }

  export interface Registration {
    id: number;
  }

  export interface Session {
    id: number;
    isOpen: boolean;
    subscribe(
      topic: string,
      handler: (args: unknown[], kwargs: Record<string, unknown>, details: EventDetails) => void,
      options?: Record<string, unknown>,
    ): Promise<Subscription>;
    unsubscribe(subscription: Subscription): Promise<unknown>;
    publish(
      topic: string,
      args?: Args,
      kwargs?: Kwargs,
      options?: Record<string, unknown>,
    ): Promise<{ id: number }> | null;
    register(
      procedure: string,
      endpoint: (args: unknown[], kwargs: Record<string, unknown>, details: InvocationDetails) => unknown,
      options?: Record<string, unknown>,
    ): Promise<Registration>;
    unregister(registration: Registration): Promise<unknown>;
    call<T = unknown>(
      procedure: string,
      args?: Args,
      kwargs?: Kwargs,
      options?: Record<string, unknown>,
    ): WhenPromise<T>;
  }

  export interface ConnectionOptions {
    url: string;
    realm: string;
    protocols?: string[];
    serializers?: unknown[];
    authmethods?: string[];
    authid?: string;
    onchallenge?: (session: Session, method: string, extra: Record<string, unknown>) => string;
    max_retries?: number;
    retry_if_unreachable?: boolean;
    initial_retry_delay?: number;
  }

  export class Connection {
    constructor(options: ConnectionOptions);
    onopen: ((session: Session, details: Record<string, unknown>) => void) | null;
    onclose: ((reason: string, details: { reason?: string; message?: string }) => boolean | undefined) | null;
    open(): void;
    close(reason?: string, message?: string): void;
    readonly session: Session | null;
  }

  class AutobahnError {
    constructor(error: string, args?: Args, kwargs?: Kwargs);
    error: string;
    args: unknown[];
    kwargs: Record<string, unknown>;
  }

  const autobahn: {
    Connection: typeof Connection;
    Error: typeof AutobahnError;
    serializer: {
      JSONSerializer: new () => unknown;
      MsgpackSerializer: new () => unknown;
      CBORSerializer: new () => unknown;
    };
    auth_cra: {
      sign(key: string, challenge: string): string;
      derive_key(secret: string, salt: string, iterations?: number, keylen?: number): string;
    };
  };
  export default autobahn;
}
