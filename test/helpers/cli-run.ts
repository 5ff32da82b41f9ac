/** Runs the built `junction` command to completion (subcommands, startup errors). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBin } from './cli-process.js';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `junction <args>` with `env` on top of a JUNCTION_*-free environment, and `input` on stdin. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, input?: string): CliResult {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JUNCTION_')));
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    encoding: 'utf8',
    env: { ...clean, ...env },
    timeout: 15_000,
    ...(input !== undefined && { input }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `content` (JSON unless a string) to a fresh temp file and returns its path. */
export function writeConfig(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'junction-cli-')), 'junction.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
