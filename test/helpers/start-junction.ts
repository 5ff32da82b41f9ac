/**
 * Starts a broker on 127.0.0.1, port 0, with quiet logs; `close()` drains it. Failed logins are
 * not throttled unless the test sets `limits.authFailuresPerMinute` (test/core/auth-throttle tests it).
 */

import { createJunction, type Junction } from '../../src/server/junction.js';
import type { JunctionOptions } from '../../src/server/options.js';

export interface StartedJunction {
  readonly junction: Junction;
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startJunction(
  options: Partial<JunctionOptions> & Pick<JunctionOptions, 'protocols'>,
): Promise<StartedJunction> {
  const junction = createJunction({
    port: 0,
    host: '127.0.0.1',
    logger: process.env.JUNCTION_TEST_LOG === '1' ? 'debug' : 'silent',
    ...options,
    // Many suites fail logins on purpose from one address; the throttle has tests of its own.
    limits: { shutdownGrace: 500, authFailuresPerMinute: 1000, ...options.limits },
  });
  const address = await junction.listen();
  return { junction, url: junction.url, port: address.port, close: () => junction.close() };
}
