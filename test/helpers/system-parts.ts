/**
 * The system parts some suites need beyond Node and npm, how to detect each and how to install it.
 * `needs()` (test/helpers/needs.ts) decides what a suite does when one is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { REDIS_URL, redisAnswers } from '../cluster/redis-available.js';

export const PYTHON = '/usr/bin/python3';
export const CHROMIUM = '/usr/bin/chromium';

interface Part {
  /** The command that installs it on Debian/Ubuntu (what .ci/run does). */
  readonly install: string;
  readonly present: () => boolean | Promise<boolean>;
}

function succeeds(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export const systemParts = {
  'redis-server': {
    install: 'apt-get install redis-server',
    present: () => succeeds('redis-server', ['--version']),
  },
  'redis on 127.0.0.1:6379': {
    install: 'apt-get install redis-server, then redis-server --daemonize yes; or set JUNCTION_TEST_REDIS',
    present: () => redisAnswers(REDIS_URL),
  },
  'python3-stomp': {
    install: 'apt-get install python3-stomp',
    present: () => succeeds(PYTHON, ['-c', 'import stomp']),
  },
  'python3-autobahn': {
    install: 'apt-get install python3-autobahn',
    present: () => succeeds(PYTHON, ['-c', 'import autobahn.asyncio.wamp']),
  },
  taskset: {
    install: 'apt-get install util-linux',
    present: () => succeeds('taskset', ['-c', '0', 'true']),
  },
  chromium: {
    install: 'apt-get install chromium',
    present: () => existsSync(CHROMIUM),
  },
} as const satisfies Record<string, Part>;

export type SystemPart = keyof typeof systemParts;
