/** The CLI's metrics settings: `--metrics-port` and a token from JUNCTION_METRICS_TOKEN. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process.js';

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

describe('junction metrics flags', () => {
  it('serves /metrics on --metrics-port and the main port, behind JUNCTION_METRICS_TOKEN', async () => {
    const token = 'a-scrape-token-of-some-length';
    const env = { ...process.env, JUNCTION_METRICS_TOKEN: token };
    const started = await startCli(['--metrics-port', '0'], 'junction listening', { env });
    child = started.child;
    const metricsPort = started.line.metricsPort;
    expect(typeof metricsPort).toBe('number');
    const urls = [`http://127.0.0.1:${metricsPort}/metrics`, `${started.match.replace('ws', 'http')}/metrics`];
    for (const url of urls) {
      expect((await fetch(url)).status).toBe(401);
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('junction_engine_up 1');
    }
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
  });
});
