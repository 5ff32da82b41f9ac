/**
 * The limit: a bare `ws` server with no protocol work. `fanout` relays each message to every
 * other client; `reqres` relays callers' messages to the callee and its answers back.
 * Usage: node relay.js <port> <fanout|reqres> <plain|cork>
 */
import { type WebSocket, WebSocketServer } from 'ws';
import { corkedSend } from './cork.js';

const [portArg = '0', mode = 'fanout', batching = 'plain'] = process.argv.slice(2);
const send = batching === 'cork' ? corkedSend : (ws: WebSocket, data: string | Buffer) => ws.send(data);
const server = new WebSocketServer({ port: Number(portArg), host: '127.0.0.1', perMessageDeflate: false });
const clients = new Set<WebSocket>();
const slots: WebSocket[] = [];
let callee: WebSocket | undefined;

server.on('connection', (ws) => {
  clients.add(ws);
  const slot = slots.push(ws) - 1;
  ws.on('close', () => clients.delete(ws));
  ws.on('message', (data, isBinary) => {
    const message = isBinary ? (data as Buffer) : data.toString();
    if (mode === 'fanout') {
      for (const client of clients) if (client !== ws) send(client, message);
      return;
    }
    const text = message.toString();
    if (text === '!callee') callee = ws;
    else if (ws === callee) {
      const bar = text.indexOf('|');
      const caller = slots[Number(text.slice(0, bar))];
      if (caller) send(caller, text.slice(bar + 1));
    } else if (callee) send(callee, `${slot}|${text}`);
  });
});

server.on('listening', () => {
  const address = server.address();
  console.log(`ready ${typeof address === 'object' && address ? address.port : portArg}`);
});
