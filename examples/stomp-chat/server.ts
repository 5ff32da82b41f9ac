/**
 * A Junction broker for the STOMP chat example: STOMP on ws://127.0.0.1:8080 and the chat page on
 * http://127.0.0.1:8080/ (it loads @stomp/stompjs from static/vendor, copied at start).
 *
 * Run from the repository root: npm run build && node dist/examples/stomp-chat/server.js
 */
import { resolve } from 'node:path';
import { stomp } from '../../protocols/stomp/index.js';
import { createJunction } from '../../src/index.js';
import { copyVendorBundles } from '../vendor.js';

// The page is not compiled: serve it from the source tree (run from the repository root).
const staticDir = resolve('examples/stomp-chat/static');
copyVendorBundles(staticDir);

const junction = createJunction({ protocols: [stomp()], port: Number(process.env.PORT ?? 8080), staticDir });
const { port } = await junction.listen();
console.log(`STOMP broker on ws://127.0.0.1:${port}, chat page on http://127.0.0.1:${port}/`);
process.once('SIGINT', () => void junction.close());
