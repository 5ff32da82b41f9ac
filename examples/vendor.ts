/**
 * Copies the browser bundles the example pages load (@stomp/stompjs, autobahn-browser) into each
 * page's static/vendor folder (git-ignored), so the pages need no build step and no CDN.
 * `npm run build` runs this file, so `npm start -- --static examples/<page>/static` works too.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Copies stomp.umd.min.js and autobahn.min.js into `<staticDir>/vendor/`. */
export function copyVendorBundles(staticDir: string): void {
  const vendor = join(staticDir, 'vendor');
  mkdirSync(vendor, { recursive: true });
  // The stompjs UMD bundle is not in the package's exports map: find it next to the resolved entry point.
  const entry = require.resolve('@stomp/stompjs');
  const stompRoot = entry.slice(0, entry.lastIndexOf('@stomp/stompjs') + '@stomp/stompjs'.length);
  copyFileSync(join(stompRoot, 'bundles/stomp.umd.min.js'), join(vendor, 'stomp.umd.min.js'));
  copyFileSync(require.resolve('autobahn-browser/autobahn.min.js'), join(vendor, 'autobahn.min.js'));
}

/** The example pages, relative to the repository root. */
export const examplePages = [
  'examples/stomp-chat/static',
  'examples/wamp-rpc/static',
  'examples/polyglot/static',
  'examples/cursors/static',
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Compiled to dist/examples/vendor.js: the repository root is two levels up.
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  for (const page of examplePages) copyVendorBundles(join(root, page));
}
