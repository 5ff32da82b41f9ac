/**
 * A Junction broker for the WAMP RPC example: WAMP on ws://127.0.0.1:8080 and the browser page
 * on http://127.0.0.1:8080/ (it loads autobahn-browser from static/vendor, copied at start).
 *
 * Run from the repository root: npm run build && node dist/examples/wamp-rpc/server.js
 * then node dist/examples/wamp-rpc/callee.js, and caller.js or the page.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { wamp } from '../../protocols/wamp/index.js';
import { createJunction } from '../../src/index.js';

// The page is not compiled: serve it from the source tree (run from the repository root).
const staticDir = resolve('examples/wamp-rpc/static');
const require = createRequire(import.meta.url);
mkdirSync(`${staticDir}/vendor`, { recursive: true });
copyFileSync(require.resolve('autobahn-browser/autobahn.min.js'), `${staticDir}/vendor/autobahn.min.js`);

const junction = createJunction({ protocols: [wamp()], port: Number(process.env.PORT ?? 8080), staticDir });
const { port } = await junction.listen();
console.log(`WAMP router on ws://127.0.0.1:${port}, page on http://127.0.0.1:${port}/`);
process.once('SIGINT', () => void junction.close());
