/**
 * A Junction broker for the STOMP chat example: STOMP on ws://127.0.0.1:8080 and the chat page on
 * http://127.0.0.1:8080/ (it loads @stomp/stompjs from static/vendor, copied at start).
 *
 * Run from the repository root: npm run build && node dist/examples/stomp-chat/server.js
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { stomp } from '../../protocols/stomp/index.js';
import { createJunction } from '../../src/index.js';

// The page is not compiled: serve it from the source tree (run from the repository root).
const staticDir = resolve('examples/stomp-chat/static');
// The UMD bundle is not in the package's exports map: find it next to the resolved entry point.
const entry = createRequire(import.meta.url).resolve('@stomp/stompjs');
const packageRoot = entry.slice(0, entry.lastIndexOf('@stomp/stompjs') + '@stomp/stompjs'.length);
mkdirSync(`${staticDir}/vendor`, { recursive: true });
copyFileSync(`${packageRoot}/bundles/stomp.umd.min.js`, `${staticDir}/vendor/stomp.umd.min.js`);

const junction = createJunction({ protocols: [stomp()], port: Number(process.env.PORT ?? 8080), staticDir });
const { port } = await junction.listen();
console.log(`STOMP broker on ws://127.0.0.1:${port}, chat page on http://127.0.0.1:${port}/`);
process.once('SIGINT', () => void junction.close());
