/** Headless Chromium for the example page tests: the system binary, never a downloaded one. */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether a page suite runs: locally a missing Chromium skips loudly; in CI the suite must run, so
 * there a missing Chromium fails at launch instead of skipping.
 */
export function chromiumRuns(suite: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available) console.warn(`${CHROMIUM} is missing (apt-get install chromium): SKIPPING ${suite}`);
  return available || process.env.CI !== undefined;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
