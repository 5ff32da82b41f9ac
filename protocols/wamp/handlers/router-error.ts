/**
 * Answers a request that failed, with the URI the one error table gives for WAMP: router and
 * application URIs pass through unchanged (WAMP BB "Error URIs"), bad options are invalid_argument.
 */
import { AuthorizationPending, RouterError, routerErrorFor, routerErrors } from '../../../src/plugin/index.js';
import type { Peer } from '../peer.js';
import { CalleeError } from './error.js';
import { InvalidOption } from './read-options.js';

/**
 * Sends the ERROR for a failed request; rethrows what is neither a RouterError nor an InvalidOption,
 * and AuthorizationPending: the session holds the message until the decision (session.ts).
 */
export function answerFailure(peer: Peer, requestType: number, request: number, error: unknown): void {
  if (error instanceof AuthorizationPending) {
    throw error;
  } else if (error instanceof CalleeError) {
    peer.sendError(requestType, request, routerErrorFor(error.uri).wamp, { args: error.args, kwargs: error.kwargs });
  } else if (error instanceof RouterError) {
    const uri = routerErrorFor(error.uri).wamp;
    peer.sendError(requestType, request, uri, { args: error.args ?? [error.message], kwargs: error.kwargs });
  } else if (error instanceof InvalidOption) {
    peer.sendError(requestType, request, routerErrors.INVALID_ARGUMENT.wamp, { args: [error.message] });
  } else {
    throw error;
  }
}

/** Whether an error is a request's failure (to answer) rather than a bug (to let crash the session). */
export function isRequestFailure(error: unknown): boolean {
  return error instanceof RouterError || error instanceof InvalidOption;
}
