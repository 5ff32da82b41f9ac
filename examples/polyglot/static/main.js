/** Builds the three panels and connects each with its own protocol client. */
import { startJsonRpc } from './jsonrpc-panel.js';
import { createPanel } from './panel.js';
import { startStomp } from './stomp-panel.js';
import { startWamp } from './wamp-panel.js';

startStomp(createPanel('stomp'));
startWamp(createPanel('wamp'));
startJsonRpc(createPanel('jsonrpc'));
