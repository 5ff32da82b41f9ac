/**
 * Reads the run stage of the Dockerfile: what it copies and the exact CMD and HEALTHCHECK command
 * lines, so a test can run them without docker (images cannot be pulled on the test machines).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface RunStage {
  readonly workdir: string;
  /** `COPY --from=<stage> <from> <to>`: built files, `from` made relative to that stage's WORKDIR. */
  readonly built: readonly { from: string; to: string }[];
  /** `COPY <from> <to>` from the build context (the repository), one entry per file; `to` is a file path. */
  readonly copied: readonly { from: string; to: string }[];
  readonly cmd: readonly string[];
  readonly healthcheck: readonly string[];
  readonly user: string | undefined;
}

/** The instructions, with continuation lines joined and comments dropped. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The WORKDIR of each named stage (`FROM image AS name`). */
function stageWorkdirs(lines: readonly string[]): Map<string, string> {
  const workdirs = new Map<string, string>();
  let stage: string | undefined;
  for (const line of lines) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stage = from[1];
    const workdir = /^WORKDIR\s+(\S+)/i.exec(line)?.[1];
    if (stage && workdir) workdirs.set(stage, workdir);
  }
  return workdirs;
}

/** The JSON (exec) form is the only one accepted: a shell form would not receive SIGTERM. */
function execForm(instruction: string, json: string): string[] {
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${instruction} must use the exec (JSON array) form`);
  return parsed.map(String);
}

export function readRunStage(root: string): RunStage {
  const lines = instructions(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const workdirs = stageWorkdirs(lines);
  const stage = lines.slice(lines.findLastIndex((line) => /^FROM\s/i.test(line)));
  const built: { from: string; to: string }[] = [];
  const copied: { from: string; to: string }[] = [];
  let workdir = '/';
  let cmd: string[] = [];
  let healthcheck: string[] = [];
  let user: string | undefined;
  for (const line of stage) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    switch (keyword.toUpperCase()) {
      case 'WORKDIR':
        workdir = args;
        break;
      case 'USER':
        user = args;
        break;
      case 'CMD':
        cmd = execForm('CMD', args);
        break;
      case 'HEALTHCHECK':
        healthcheck = execForm('HEALTHCHECK', args.slice(args.indexOf('CMD') + 3).trim());
        break;
      case 'COPY': {
        const fromStage = /^--from=(\S+)\s+(\S+)\s+(\S+)$/.exec(args);
        if (fromStage?.[1] && fromStage[2] && fromStage[3]) {
          const from = relative(workdirs.get(fromStage[1]) ?? '/', fromStage[2]);
          built.push({ from, to: fromStage[3] });
        } else {
          const sources = rest.slice(0, -1);
          const to = rest.at(-1) ?? '';
          for (const from of sources) copied.push({ from, to: to.endsWith('/') ? join(to, from) : to });
        }
        break;
      }
    }
  }
  return { workdir, built, copied, cmd, healthcheck, user };
}
