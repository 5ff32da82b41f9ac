/** Headless Chromium for the example page tests: the system binary, never a downloaded one. */
import { type Browser, chromium } from 'playwright-core';
import { needs } from '../helpers/needs.js';
import { CHROMIUM } from '../helpers/system-parts.js';

/**
 * Whether a page suite runs: a missing Chromium skips it loudly and is named in the end-of-run
 * summary; under JUNCTION_REQUIRE_ALL=1 (CI) it fails the run instead.
 */
export function chromiumRuns(): Promise<boolean> {
  return needs('chromium');
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
