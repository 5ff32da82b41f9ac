/**
 * The limit: a bare `ws` server with no protocol work. `fanout` relays each message to every
 * other client; `reqres` relays callers' messages to the callee (the client that sent `!callee`)
 * and its answers back. The callee answers in request order (an echo does), so the relay keeps
 * only a FIFO of callers: 2 reads, 2 writes and a queue step per call, the least any RPC router
 * does. Messages pass through as the Buffers `ws` read (no string round trip per recipient).
 * Usage: node relay.js <port> <fanout|reqres> <plain|cork>
 */
import { type WebSocket, WebSocketServer } from 'ws';
import { corkedSend } from './cork.js';

const [portArg = '0', mode = 'fanout', batching = 'plain'] = process.argv.slice(2);
const TEXT = { binary: false };
const BINARY = { binary: true };
const send =
  batching === 'cork'
    ? corkedSend
    : (ws: WebSocket, data: Buffer, options: { binary: boolean }) => ws.send(data, options);
const server = new WebSocketServer({ port: Number(portArg), host: '127.0.0.1', perMessageDeflate: false });
const clients = new Set<WebSocket>();
const waiting: WebSocket[] = [];
let head = 0;
let callee: WebSocket | undefined;

const CALLEE = Buffer.from('!callee');

server.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  ws.on('message', (data, isBinary) => {
    const message = data as Buffer;
    const options = isBinary ? BINARY : TEXT;
    if (mode === 'fanout') {
      for (const client of clients) if (client !== ws) send(client, message, options);
      return;
    }
    if (ws === callee) {
      const caller = waiting[head++];
      if (head === waiting.length) {
        waiting.length = 0;
        head = 0;
      }
      if (caller) send(caller, message, options);
    } else if (message.equals(CALLEE)) callee = ws;
    else if (callee) {
      waiting.push(ws);
      send(callee, message, options);
    }
  });
});

server.on('listening', () => {
  const address = server.address();
  console.log(`ready ${typeof address === 'object' && address ? address.port : portArg}`);
});
