/**
 * Login throttling per remote address (issue: logins could be probed at ~50 guesses a second):
 * the first `failuresPerMinute` failed logins of an address in a minute cost nothing extra; each
 * attempt after that waits `delay` ms, doubling with every further failure (capped at a minute),
 * before it is even checked. Every protocol's logins go through it, since the server wraps the
 * one authenticator it hands to sessions.
 */
import { AuthenticationError } from '../errors/index.js';
import type { Authenticator } from '../plugin/types.js';

export interface ThrottleOptions {
  /** Failed logins per address per minute before attempts are delayed. */
  readonly failuresPerMinute: number;
  /** The first delay once over, in ms; it doubles with each further failure. */
  readonly delay: number;
  /** Told of each failed login and of each delayed attempt (for the operator's counters). */
  readonly onEvent?: (event: 'auth_failure' | 'auth_throttled') => void;
}

const WINDOW_MS = 60_000;
const MAX_DELAY_MS = 60_000;
/** Addresses remembered at once: a flood from many addresses cannot grow the table without bound. */
const MAX_ADDRESSES = 10_000;

interface Failures {
  since: number;
  count: number;
}

/** Wraps an authenticator with per-address throttling of failed logins. */
export function throttleFailures(authenticate: Authenticator, options: ThrottleOptions): Authenticator {
  const byAddress = new Map<string, Failures>();
  const current = (address: string, now: number): Failures | undefined => {
    const entry = byAddress.get(address);
    if (entry !== undefined && now - entry.since > WINDOW_MS) byAddress.delete(address);
    return byAddress.get(address);
  };
  const recordFailure = (address: string, now: number): void => {
    const entry = current(address, now);
    if (entry !== undefined) entry.count++;
    else {
      if (byAddress.size >= MAX_ADDRESSES) byAddress.delete(byAddress.keys().next().value as string);
      byAddress.set(address, { since: now, count: 1 });
    }
    options.onEvent?.('auth_failure');
  };
  return async (request) => {
    // An anonymous attempt guesses nothing (JSON-RPC tries one on every token-less connection):
    // it is neither delayed nor counted.
    if (request.method === 'anonymous') return authenticate(request);
    const address = request.handshake.remoteAddress;
    const failures = current(address, Date.now())?.count ?? 0;
    const over = failures - options.failuresPerMinute;
    if (failures > 0 && over >= 0) {
      options.onEvent?.('auth_throttled');
      const wait = Math.min(MAX_DELAY_MS, options.delay * 2 ** Math.min(over, 16));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      return await authenticate(request);
    } catch (err) {
      if (err instanceof AuthenticationError) recordFailure(address, Date.now());
      throw err;
    }
  };
}
