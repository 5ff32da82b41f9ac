import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedDemo, startDemo } from '../../examples/polyglot/server.js';

/** One raw HTTP request, so paths like `/../x` reach the server unnormalized (fetch would clean them). */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('a broker serving --static pages (the polyglot demo)', () => {
  let demo: StartedDemo;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, logger: 'silent' });
  });
  afterAll(() => demo?.close());

  it('serves index.html for / and a file by its path', async () => {
    expect(await get(demo.port, '/')).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get(demo.port, '/main.js')).toEqual({ status: 200, type: 'text/javascript; charset=utf-8' });
  });

  it('answers 404 for a missing file such as /favicon.ico, for GET and HEAD', async () => {
    expect((await get(demo.port, '/favicon.ico')).status).toBe(404);
    expect((await get(demo.port, '/favicon.ico', 'HEAD')).status).toBe(404);
    expect((await get(demo.port, '/no/such/dir/')).status).toBe(404);
  });

  it('answers 404, not the file, for a path that climbs out of the directory', async () => {
    expect((await get(demo.port, '/../../../package.json')).status).toBe(404);
    expect((await get(demo.port, '/%2e%2e/%2e%2e/%2e%2e/package.json')).status).toBe(404);
  });

  it('keeps 426 Upgrade Required for a request that is not a GET or HEAD', async () => {
    expect((await get(demo.port, '/', 'POST')).status).toBe(426);
    expect((await get(demo.port, '/favicon.ico', 'PUT')).status).toBe(426);
  });

  it('keeps /healthz and /readyz in front of the static files', async () => {
    expect((await get(demo.port, '/healthz')).status).toBe(200);
    expect((await get(demo.port, '/readyz')).status).toBe(200);
  });
});
