/**
 * Builds what a plugin gets at setup (the plugin API's PluginContext) from the router: views,
 * events and the broker's own realm handles, and nothing that reaches the router or its engine.
 */
import type { Logger } from '../common/logger.js';
import type { PluginContext } from '../plugin/types.js';
import type { Router } from '../router/router.js';

export function createPluginContext(router: Router, log: Logger, adminRoles: readonly string[]): PluginContext {
  return {
    adminRoles,
    log,
    onSession: (event, listener) => router.on(event, listener),
    onSubscription: (listener) => router.onSubscription(listener),
    onRegistration: (listener) => router.onRegistration(listener),
    realm: (name) => router.realm(name),
    sessions: (realm) => router.sessions(realm),
    broker: (realm) => router.local(realm),
  };
}
