/**
 * Testaments (WAMP Advanced Profile, "Testament"): events a session leaves with the router, which
 * publishes them when the session leaves, cleanly (GOODBYE, a kill) or not (a dropped
 * connection). `wamp.session.add_testament(topic, args, kwargs, {publish_options, scope})` and
 * `wamp.session.flush_testaments({scope})`. Junction has no session resumption, so a session is
 * detached and destroyed at once: both scopes are published when it leaves.
 */
import {
  isRecord,
  isReservedTopic,
  type PublishInput,
  type PublishOptions,
  RouterError,
  stringifyWithBinary,
} from '../../src/plugin/index.js';
import { publishOptions } from './handlers/publish-options.js';
import type { Dict } from './messages.js';
import { isValidUri, WampUri } from './uris.js';

/** Testaments one session may hold: a client must not make the router store without bound. */
export const MAX_TESTAMENTS = 16;

/** When a testament is published (WAMP: on detach or on destroy; the same moment in Junction). */
export type TestamentScope = 'destroyed' | 'detached';

interface Testament {
  readonly scope: TestamentScope;
  readonly input: PublishInput;
  readonly options: PublishOptions;
  readonly bytes: number;
}

function readScope(options: Dict): TestamentScope {
  const scope = options.scope ?? 'destroyed';
  if (scope !== 'destroyed' && scope !== 'detached') {
    throw new RouterError(WampUri.INVALID_ARGUMENT, 'scope must be destroyed or detached');
  }
  return scope;
}

/** The call's options: its kwargs, or a dict as the fourth positional argument. */
function callOptions(args: readonly unknown[], kwargs: Dict): Dict {
  return isRecord(args[3]) ? { ...(args[3] as Dict), ...kwargs } : kwargs;
}

/** The testaments of one WAMP session, bounded in count and in bytes (together at most `maxBytes`). */
export class Testaments {
  readonly #maxBytes: number;
  readonly #strictUris: boolean;
  #list: Testament[] = [];
  #bytes = 0;

  constructor(maxBytes: number, strictUris: boolean) {
    this.#maxBytes = maxBytes;
    this.#strictUris = strictUris;
  }

  /** `wamp.session.add_testament`. Throws RouterError (invalid_uri, invalid_argument, limit_exceeded). */
  add(args: readonly unknown[], kwargs: Dict): void {
    const [topic, payloadArgs, payloadKwargs] = args;
    if (typeof topic !== 'string' || !isValidUri(topic, 'exact', this.#strictUris) || isReservedTopic(topic)) {
      throw new RouterError(WampUri.INVALID_URI, `invalid or reserved testament topic ${String(topic)}`);
    }
    if (payloadArgs != null && !Array.isArray(payloadArgs)) {
      throw new RouterError(WampUri.INVALID_ARGUMENT, 'testament args must be a list');
    }
    if (payloadKwargs != null && !isRecord(payloadKwargs)) {
      throw new RouterError(WampUri.INVALID_ARGUMENT, 'testament kwargs must be a dict');
    }
    const options = callOptions(args, kwargs);
    const scope = readScope(options);
    const routing = isRecord(options.publish_options) ? publishOptions(options.publish_options as Dict) : {};
    if (this.#list.length >= MAX_TESTAMENTS) {
      throw new RouterError(WampUri.LIMIT_EXCEEDED, `at most ${MAX_TESTAMENTS} testaments per session`);
    }
    const bytes = stringifyWithBinary([payloadArgs ?? null, payloadKwargs ?? null]).length;
    if (this.#bytes + bytes > this.#maxBytes) {
      throw new RouterError(WampUri.LIMIT_EXCEEDED, `testaments of a session hold at most ${this.#maxBytes} bytes`);
    }
    const input: PublishInput = {
      topic,
      ...(Array.isArray(payloadArgs) && { args: payloadArgs }),
      ...(isRecord(payloadKwargs) && { kwargs: payloadKwargs }),
    };
    this.#list.push({ scope, input, options: routing, bytes });
    this.#bytes += bytes;
  }

  /** `wamp.session.flush_testaments`: drops the scope's testaments, returns how many. */
  flush(args: readonly unknown[], kwargs: Dict): number {
    const scope = readScope(isRecord(args[0]) ? { ...(args[0] as Dict), ...kwargs } : kwargs);
    const kept = this.#list.filter((testament) => testament.scope !== scope);
    const flushed = this.#list.length - kept.length;
    this.#list = kept;
    this.#bytes = kept.reduce((sum, testament) => sum + testament.bytes, 0);
    return flushed;
  }

  /** The session left: hands every testament, in the order added, to `publish`, once. */
  fire(publish: (input: PublishInput, options: PublishOptions) => void): void {
    const list = this.#list;
    this.#list = [];
    this.#bytes = 0;
    for (const testament of list) publish(testament.input, testament.options);
  }
}
