/**
 * The in-process handle of one realm (`router.local(name)`, a plugin's `broker(realm)`). A realm
 * created on first use goes away once empty, and a handle held by code must not keep publishing
 * into that dead realm object: this handle finds its realm on every operation (creating it again
 * when needed) and asks the router to forget it afterwards if the operation left it empty.
 */
import type { Realm } from './realm.js';
import {
  type Action,
  type CalleeHandler,
  type CallOptions,
  type ConsumeOptions,
  type DeliveryHandler,
  type EnqueueInput,
  ErrorUri,
  type InterruptHandler,
  type MatchPolicy,
  type PendingCall,
  type PublishInput,
  type PublishOptions,
  type PublishResult,
  type QueueConsumer,
  type QueueDeliveryHandler,
  type RegisterOptions,
  type Registration,
  RouterError,
  type SessionHandle,
  type SessionInfo,
  type SubscribeOptions,
  type Subscription,
} from './types.js';

/** What the handle needs of the router. */
export interface LocalRealms {
  /** The realm, created when needed. Throws RouterError `no_such_realm`. */
  realm(): Realm;
  /** A session handle on that realm object for this handle's identity. */
  open(realm: Realm): SessionHandle;
  /** Forgets the realm if it is empty and was created on first use. */
  collect(realm: Realm): void;
  /** The handle was released: the router stops caching it. */
  released(): void;
}

export class LocalHandle implements SessionHandle {
  readonly session: SessionInfo;
  readonly realm: string;
  readonly #realms: LocalRealms;
  #current: { realm: Realm; handle: SessionHandle } | undefined;
  #released = false;

  constructor(session: SessionInfo, realms: LocalRealms) {
    this.session = session;
    this.realm = session.realm;
    this.#realms = realms;
  }

  subscribe(pattern: string, options: SubscribeOptions, onMessage: DeliveryHandler): Subscription {
    return this.#unsubscribing(this.#run((handle) => handle.subscribe(pattern, options, onMessage)));
  }

  /** A subscription whose unsubscribe lets the router forget the realm it may leave empty. */
  #unsubscribing(subscription: Subscription): Subscription {
    const realm = this.#current!.realm;
    return {
      id: subscription.id,
      pattern: subscription.pattern,
      match: subscription.match,
      unsubscribe: () => {
        subscription.unsubscribe();
        this.#realms.collect(realm);
      },
    };
  }

  publish(input: PublishInput, options?: PublishOptions): PublishResult {
    return this.#run((handle) => handle.publish(input, options));
  }

  enqueue(queue: string, input: EnqueueInput): Promise<void> | undefined {
    return this.#run((handle) => handle.enqueue(queue, input));
  }

  /** Canceling a consumer empties its queue, and the queue table reports that to the router. */
  consume(queue: string, options: ConsumeOptions, onDelivery: QueueDeliveryHandler): QueueConsumer {
    return this.#run((handle) => handle.consume(queue, options, onDelivery));
  }

  /** Unregistering reports through the realm's procedure table. */
  register(
    procedure: string,
    options: RegisterOptions,
    callee: CalleeHandler,
    interrupt?: InterruptHandler,
  ): Registration {
    return this.#run((handle) => handle.register(procedure, options, callee, interrupt));
  }

  call(procedure: string, options?: CallOptions): PendingCall {
    return this.#run((handle) => handle.call(procedure, options));
  }

  authorize(action: Action, uri: string, match?: MatchPolicy): undefined | Promise<void> {
    return this.#run((handle) => handle.authorize(action, uri, match));
  }

  replyPath(onMessage: DeliveryHandler): Subscription {
    return this.#unsubscribing(this.#run((handle) => handle.replyPath(onMessage)));
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    const current = this.#current;
    this.#current = undefined;
    current?.handle.release();
    if (current !== undefined) this.#realms.collect(current.realm);
    this.#realms.released();
  }

  /** Runs one operation on the realm as it is now, then lets the router forget it if it is empty. */
  #run<T>(operation: (handle: SessionHandle) => T): T {
    if (this.#released) throw new RouterError(ErrorUri.UNAVAILABLE, 'Session was released');
    const realm = this.#realms.realm();
    if (this.#current?.realm !== realm) {
      // The previous realm object was forgotten while empty: this handle held nothing there but
      // calls in flight to other nodes, which settle on their own.
      this.#current = { realm, handle: this.#realms.open(realm) };
    }
    try {
      return operation(this.#current.handle);
    } finally {
      this.#realms.collect(realm);
    }
  }
}
