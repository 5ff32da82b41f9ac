/**
 * Polls `check` until it passes: for state that changes after an event the test cannot observe
 * directly (a server-side cleanup after a close). The deadline only bounds a real failure; it
 * is not a time window the test depends on.
 */
export async function eventually(check: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      if ((await check()) !== false) return;
    } catch (err) {
      failure = err;
    }
    if (Date.now() > deadline) throw failure ?? new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
