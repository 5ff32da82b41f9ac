/**
 * The subscription and registration meta events (WAMP Advanced Profile, "Subscription Meta API"
 * and "Registration Meta API"): `wamp.subscription.on_create`, `on_subscribe`, `on_unsubscribe`,
 * `on_delete` and their `wamp.registration.*` twins, for every protocol's sessions (a STOMP
 * SUBSCRIBE is an `on_subscribe`). Published through the broker's own realm handle, so they reach
 * every protocol's subscribers and, through the engine, every node; each node announces its own
 * subscriptions and registrations.
 */
import type {
  Logger,
  PluginContext,
  PublishInput,
  RegistrationEvent,
  SubscriptionEvent,
} from '../../src/plugin/index.js';

const SUBSCRIPTION_TOPICS: Readonly<Record<SubscriptionEvent['kind'], string>> = {
  create: 'wamp.subscription.on_create',
  subscribe: 'wamp.subscription.on_subscribe',
  unsubscribe: 'wamp.subscription.on_unsubscribe',
  delete: 'wamp.subscription.on_delete',
};

const REGISTRATION_TOPICS: Readonly<Record<RegistrationEvent['kind'], string>> = {
  create: 'wamp.registration.on_create',
  register: 'wamp.registration.on_register',
  unregister: 'wamp.registration.on_unregister',
  delete: 'wamp.registration.on_delete',
};

/** `on_create` carries the details (`wamp.subscription.get`'s shape); the others the id. */
export function subscriptionEventArgs({ kind, session, subscription }: SubscriptionEvent): unknown[] {
  if (kind !== 'create') return [session.id, subscription.id];
  const { id, created, pattern, match } = subscription;
  return [session.id, { id, created, uri: pattern, match }];
}

/** As subscriptionEventArgs, with the invoke policy in `on_create` (`wamp.registration.get`'s shape). */
export function registrationEventArgs({ kind, session, registration }: RegistrationEvent): unknown[] {
  if (kind !== 'create') return [session.id, registration.id];
  const { id, created, procedure, match, invoke } = registration;
  return [session.id, { id, created, uri: procedure, match, invoke }];
}

/**
 * Publishes the meta events of every subscription and registration change. Deferred to a
 * microtask: the change happens inside a SUBSCRIBE or REGISTER, and a subscriber must get its
 * SUBSCRIBED before an EVENT on the new subscription (Crossbar answers first, then publishes).
 * Publishing creates no subscription, so a subscription to the meta topics themselves produces
 * its own events once and no more.
 */
export function publishLifecycleEvents(context: PluginContext, log: Logger): () => void {
  const publish = (realm: string, input: PublishInput) =>
    queueMicrotask(() => {
      try {
        if (context.realm(realm) !== undefined) context.broker(realm).publish(input);
      } catch (err) {
        log.error({ err, topic: input.topic }, 'meta event not published');
      }
    });
  const offSubscriptions = context.onSubscription((event) =>
    publish(event.session.realm, { topic: SUBSCRIPTION_TOPICS[event.kind], args: subscriptionEventArgs(event) }),
  );
  const offRegistrations = context.onRegistration((event) =>
    publish(event.session.realm, { topic: REGISTRATION_TOPICS[event.kind], args: registrationEventArgs(event) }),
  );
  return () => {
    offSubscriptions();
    offRegistrations();
  };
}
