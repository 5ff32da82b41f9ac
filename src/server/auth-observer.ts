/**
 * Failed logins, seen in one place: the server wraps the Authenticator it hands to the handshake
 * and to every session, so each protocol's failures (STOMP CONNECT, WAMP HELLO/AUTHENTICATE,
 * JSON-RPC login, a bearer token on the upgrade) are logged and counted alike, without the
 * protocols doing anything.
 */
import type { Logger } from '../common/logger.js';
import { JunctionError } from '../errors/table.js';
import type { Authenticator } from '../plugin/types.js';
import type { SessionCounters } from './session-counters.js';

/**
 * Returns an Authenticator that behaves as `authenticate` and, on a rejection, logs one warn line
 * and counts it. The line names who tried and from where, never the secret, and never the
 * authenticator's message (a custom authenticator may quote what the client sent).
 */
export function observeAuthentication(
  authenticate: Authenticator,
  log: Logger,
  counters: SessionCounters,
): Authenticator {
  return async (request) => {
    try {
      return await authenticate(request);
    } catch (err) {
      counters.authFailed(request.protocol);
      log.warn(
        {
          protocol: request.protocol,
          method: request.method,
          realm: request.realm,
          authid: request.authid,
          remote: request.handshake.remoteAddress,
          ...(err instanceof JunctionError && { code: err.code }),
        },
        'login failed',
      );
      throw err;
    }
  };
}
