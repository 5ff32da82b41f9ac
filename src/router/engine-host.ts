/**
 * The router's side of the engine: how messages and calls from other nodes come in. Everything
 * here acts on this node only, so a message or a call never bounces between nodes.
 */

import type { RouterContext } from './context.js';
import type { EngineHost } from './ports.js';
import type { Realm } from './realm.js';
import { ErrorUri, RouterError } from './types.js';

/** Rows of each kind one realm sends to another node's operator: one answer must stay small. */
const MAX_SNAPSHOT_ROWS = 1000;

export function createEngineHost(
  context: RouterContext,
  realmOf: (name: string) => Realm | undefined,
  realms: () => Iterable<Realm>,
): EngineHost {
  return {
    deliver(realm, message, options) {
      realmOf(realm)?.topics.deliverRemote(message, options);
    },
    invoke(realmName, request, reply) {
      const realm = realmOf(realmName);
      if (realm !== undefined) return realm.dealer.callFromNode(request, reply);
      reply.reject(new RouterError(ErrorUri.NO_SUCH_PROCEDURE, `No callee for "${request.procedure}"`));
      return undefined;
    },
    queueReady(realm, queue) {
      realmOf(realm)?.queues.wake(queue);
    },
    sessions(realm) {
      return realmOf(realm)?.view.sessions() ?? [];
    },
    killSession(id, reason) {
      return context.killSession?.(id, reason) ?? false;
    },
    snapshot() {
      return [...realms()].map(({ name, view }) => ({
        realm: name,
        subscriptions: view.subscriptions().slice(0, MAX_SNAPSHOT_ROWS),
        registrations: view.registrations().slice(0, MAX_SNAPSHOT_ROWS),
        queues: view.queues().slice(0, MAX_SNAPSHOT_ROWS),
      }));
    },
    reportStatus(status) {
      context.onEngineStatus(status);
    },
  };
}
