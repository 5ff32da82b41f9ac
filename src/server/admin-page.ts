/**
 * The admin page's files (`GET /admin`, `/admin/admin.js`, `/admin/admin.css`), shipped in the
 * package's top-level `admin/` folder. Served without a login: they hold no data, and the page
 * asks for an admin token itself before it opens its WebSocket.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/admin': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/admin/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/admin/admin.js': { file: 'admin.js', type: 'text/javascript; charset=utf-8' },
  '/admin/admin.css': { file: 'admin.css', type: 'text/css; charset=utf-8' },
};

/**
 * The folder holding the page: `admin/` at the package root, two levels above this module when
 * run from source (src/server/) and three from the build (dist/src/server/).
 */
function pageDir(): string | undefined {
  for (const up of ['../../admin/', '../../../admin/']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

/** Serves the admin page's files; false when `pathname` is not one of them. */
export function createAdminPage(): (pathname: string, res: ServerResponse) => boolean {
  const dir = pageDir();
  return (pathname, res) => {
    const entry = FILES[pathname];
    if (entry === undefined || dir === undefined) return false;
    readFile(`${dir}${entry.file}`).then(
      (body) => {
        res.writeHead(200, {
          'content-type': entry.type,
          'content-length': body.length,
          'cache-control': 'no-store',
          // The page talks only to its own origin; nothing else may run in it.
          'content-security-policy': "default-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        });
        res.end(body);
      },
      () => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found\n');
      },
    );
    return true;
  };
}
