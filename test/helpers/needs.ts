/**
 * A missing system part skips its suites loudly: a warning now and one summary line at the end of
 * the run (test/system-parts-summary.ts). With JUNCTION_REQUIRE_ALL=1 (.ci/run sets it) a missing
 * part fails the run instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type SystemPart, systemParts } from './system-parts.js';

/** The environment variable that turns a missing part into a failure (set by .ci/run). */
export const REQUIRE_ALL = 'JUNCTION_REQUIRE_ALL';

/**
 * Whether `part` is installed. When it is not: under JUNCTION_REQUIRE_ALL=1 this throws (the test
 * file fails); otherwise it warns and records the part for the end-of-run summary line.
 * Use as `describe.skipIf(!(await needs('chromium')))(...)`.
 */
export async function needs(part: SystemPart): Promise<boolean> {
  const { install, present } = systemParts[part];
  if (!hidden().has(part) && (await present())) return true;
  if (process.env[REQUIRE_ALL] === '1') {
    throw new Error(`${part} is missing and ${REQUIRE_ALL}=1 forbids skipping its suite; install it: ${install}`);
  }
  console.warn(`SKIPPING: ${part} is missing (${install})`);
  record(part);
  return false;
}

/**
 * JUNCTION_TEST_HIDE_PARTS=chromium,python3-stomp treats those parts as missing, to check what a
 * machine without them does (the skips, the summary line, the CI failure) on one that has them.
 */
function hidden(): ReadonlySet<string> {
  return new Set((process.env.JUNCTION_TEST_HIDE_PARTS ?? '').split(',').map((name) => name.trim()));
}

/** Leaves a marker for the summary printed at the end of the run (the dir comes from globalSetup). */
function record(part: SystemPart): void {
  const dir = inject('systemPartsDir');
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, encodeURIComponent(part)), '');
}

declare module 'vitest' {
  export interface ProvidedContext {
    systemPartsDir: string;
  }
}
