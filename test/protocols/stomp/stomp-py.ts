/**
 * Runs a scenario of python/stomp_client.py (stomp.py, Debian python3-stomp) against a STOMP TCP
 * port and returns the JSON result it prints last.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python/stomp_client.py', import.meta.url));

function hasPythonStomp(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import stomp'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether stomp.py is importable; the suites that need it say loudly when it is not. */
export const pythonStompReady = hasPythonStomp();
if (!pythonStompReady)
  console.warn('python3-stomp is not installed (apt-get install python3-stomp): SKIPPING its interop suites');

export async function stompPy(scenario: string, port: number, timeout = 30_000): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, [SCRIPT, scenario, String(port)], { timeout, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}
