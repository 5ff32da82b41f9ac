/** Polling and timeouts for the contract cases: answers over sockets arrive asynchronously. */

/** Resolves once `check` returns true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await delay(10);
  }
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Throws `message` unless `condition` holds: the kit's assertion, so it needs no test framework. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`plugin contract: ${message}`);
}
