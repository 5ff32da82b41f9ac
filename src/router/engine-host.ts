/**
 * The router's side of the engine: how messages and calls from other nodes come in. Everything
 * here acts on this node only, so a message or a call never bounces between nodes.
 */

import type { RouterContext } from './context.js';
import type { EngineHost } from './ports.js';
import type { Realm } from './realm.js';
import { ErrorUri, RouterError } from './types.js';

export function createEngineHost(context: RouterContext, realmOf: (name: string) => Realm | undefined): EngineHost {
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
    reportStatus(status) {
      context.onEngineStatus(status);
    },
  };
}
