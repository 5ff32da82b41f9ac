/**
 * Copies the two browser bundles the page loads into static/vendor (git-ignored), so the page
 * needs no build step and no CDN.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

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
