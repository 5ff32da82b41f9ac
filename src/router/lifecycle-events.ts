/**
 * Subscription and registration lifecycle events of one router, for protocol meta APIs (WAMP's
 * `wamp.subscription.on_create` …). Tables ask `listening` before building an event, so nothing
 * is done when nobody listens, and nothing at all on the delivery path.
 */
import type { RegistrationEvent, SubscriptionEvent } from './types.js';

/** Where a throwing listener is reported (the router's `onError`; typed here so context.ts need not be imported). */
type ReportError = (
  err: unknown,
  context: { readonly kind: 'event'; readonly realm: string; readonly name: string; readonly sessionId: number },
) => void;

type Listener<E> = (event: E) => void;

/** One kind of lifecycle event: its listeners, each guarded so a throwing one stops no other. */
export class LifecycleChannel<E extends { readonly session: { readonly realm: string; readonly id: number } }> {
  readonly #listeners = new Set<Listener<E>>();
  readonly #name: string;
  readonly #onError: ReportError;

  constructor(name: string, onError: ReportError) {
    this.#name = name;
    this.#onError = onError;
  }

  /** Whether anyone listens: the tables build no event otherwise. */
  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns the unsubscriber. */
  on(listener: Listener<E>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener; one that throws is reported and the others still run. */
  emit(event: E): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (err) {
        const { realm, id } = event.session;
        this.#onError(err, { kind: 'event', realm, name: this.#name, sessionId: id });
      }
    }
  }
}

/** The lifecycle channels a router shares with its realms' tables. */
export interface LifecycleEvents {
  readonly subscriptions: LifecycleChannel<SubscriptionEvent>;
  readonly registrations: LifecycleChannel<RegistrationEvent>;
}

/** The channels of one router, reporting throwing listeners to its `onError`. */
export function createLifecycleEvents(onError: ReportError): LifecycleEvents {
  return {
    subscriptions: new LifecycleChannel('subscription', onError),
    registrations: new LifecycleChannel('registration', onError),
  };
}
