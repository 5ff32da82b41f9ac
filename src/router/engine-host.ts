/**
 * The router's side of the engine: how messages and calls from other nodes come in. Everything
 * here acts on this node only, so a message or a call never bounces between nodes.
 */

import { startCall } from './calls/dealer.js';
import type { RouterContext } from './context.js';
import type { EngineHost, RemoteCallRequest } from './ports.js';
import type { Realm } from './realm.js';
import { type CallOptions, ErrorUri, RouterError, type SessionInfo } from './types.js';

/** The caller of a remote call that did not ask to be disclosed. */
function undisclosedCaller(realm: string): SessionInfo {
  return { id: 0, realm, authid: '', authrole: '', protocol: 'cluster' };
}

export function createEngineHost(context: RouterContext, realmOf: (name: string) => Realm | undefined): EngineHost {
  return {
    deliver(realm, message, options) {
      realmOf(realm)?.topics.deliverRemote(message, options);
    },
    invoke(realmName, request: RemoteCallRequest, reply) {
      const realm = realmOf(realmName);
      if (realm === undefined) {
        reply.reject(new RouterError(ErrorUri.NO_SUCH_PROCEDURE, `No callee for "${request.procedure}"`));
        return undefined;
      }
      const options: CallOptions = {
        ...(request.args !== undefined && { args: request.args }),
        ...(request.kwargs !== undefined && { kwargs: request.kwargs }),
        timeout: request.timeout,
        discloseCaller: request.caller !== undefined,
        ...(request.receiveProgress && { onProgress: (payload) => reply.progress(payload) }),
      };
      const call = startCall(realm.procedures, {
        context,
        realm: realmName,
        caller: request.caller ?? undisclosedCaller(realmName),
        procedure: request.procedure,
        options,
        onFinish: () => {},
      });
      call.result.then(
        (payload) => reply.resolve(payload),
        (error: RouterError) => reply.reject(error),
      );
      return { cancel: (mode) => call.cancel(mode) };
    },
    queueReady(realm, queue) {
      realmOf(realm)?.queues.wake(queue);
    },
    sessions(realm) {
      return realmOf(realm)?.view.sessions() ?? [];
    },
    reportError(err, operation) {
      context.onError(err, { kind: 'cluster', realm: '', name: operation });
    },
  };
}
