/**
 * Runs a scenario of python/stomp_client.py (stomp.py, Debian python3-stomp) against a STOMP TCP
 * port and returns the JSON result it prints last.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { needs } from '../../helpers/needs.js';
import { PYTHON } from '../../helpers/system-parts.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./python/stomp_client.py', import.meta.url));

/**
 * Whether stomp.py is importable: without it its suites are skipped loudly and named in the
 * end-of-run summary, or fail the run under JUNCTION_REQUIRE_ALL=1 (CI).
 */
export const pythonStompReady = await needs('python3-stomp');

export async function stompPy(scenario: string, port: number, timeout = 30_000): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, [SCRIPT, scenario, String(port)], { timeout, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}
