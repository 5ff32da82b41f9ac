/**
 * vitest globalSetup: gives the test files a fresh directory to record missing system parts in
 * (test/helpers/system-parts.ts), and at the end of the run prints ONE line naming each missing
 * part and the command that installs it. A teardown, not a reporter: .ci/run passes its own
 * --reporter flags, which replace the configured reporters.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type SystemPart, systemParts } from './helpers/system-parts.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'junction-system-parts-'));
  project.provide('systemPartsDir', dir);
  return () => {
    const missing = readdirSync(dir).map((name) => decodeURIComponent(name) as SystemPart);
    rmSync(dir, { recursive: true, force: true });
    if (missing.length === 0) return;
    const parts = missing.sort().map((part) => `${part} (${systemParts[part].install})`);
    console.log(
      `\nSKIPPED suites for missing system parts: ${parts.join('; ')}. CI (JUNCTION_REQUIRE_ALL=1) runs them all.`,
    );
  };
}
