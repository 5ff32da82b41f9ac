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
 * Returns an Authenticator that behaves as `authenticate` and, when credentials are refused, logs
 * one warn line and counts it. The line names who tried and from where, never the secret, and
 * never the authenticator's message (a custom authenticator may quote what the client sent).
 * A refused anonymous attempt presented no credentials (JSON-RPC tries one on every connection
 * without a token): it is logged at debug and not counted, or `allowAnonymous: false` would turn
 * every such connection into a "failed login".
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
      const anonymous = request.method === 'anonymous';
      if (!anonymous) counters.authFailed(request.protocol);
      (anonymous ? log.debug : log.warn).call(
        log,
        {
          protocol: request.protocol,
          method: request.method,
          realm: request.realm,
          authid: request.authid,
          remote: request.handshake.remoteAddress,
          ...(err instanceof JunctionError && { code: err.code }),
        },
        anonymous ? 'anonymous login refused' : 'login failed',
      );
      throw err;
    }
  };
}
