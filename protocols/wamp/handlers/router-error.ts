/** Answers a request that failed: RouterError URIs pass through, bad options are invalid_argument. */
import { RouterError } from '../../../src/plugin/index.js';
import type { Peer } from '../peer.js';
import { WampUri } from '../uris.js';
import { CalleeError } from './error.js';
import { InvalidOption } from './read-options.js';

/** Sends the ERROR for a failed request; rethrows what is neither a RouterError nor an InvalidOption. */
export function answerFailure(peer: Peer, requestType: number, request: number, error: unknown): void {
  if (error instanceof CalleeError) {
    peer.sendError(requestType, request, error.uri, { args: error.args, kwargs: error.kwargs });
  } else if (error instanceof RouterError) {
    peer.sendError(requestType, request, error.uri, { args: error.args ?? [error.message], kwargs: error.kwargs });
  } else if (error instanceof InvalidOption) {
    peer.sendError(requestType, request, WampUri.INVALID_ARGUMENT, { args: [error.message] });
  } else {
    throw error;
  }
}

/** Whether an error is a request's failure (to answer) rather than a bug (to let crash the session). */
export function isRequestFailure(error: unknown): boolean {
  return error instanceof RouterError || error instanceof InvalidOption;
}
