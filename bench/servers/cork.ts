/**
 * Write batching for a ws socket: the first send in an event-loop turn corks the TCP socket and
 * a setImmediate uncorks every corked socket, so the frames written for all the messages read in
 * that turn leave in one writev per socket (as the reference relays in ../shared/bench do; a
 * nextTick would uncork after each message, one write per message and socket).
 */
import type WebSocket from 'ws';

interface Corkable {
  cork(): void;
  uncork(): void;
}

const corked = new Set<Corkable>();
const uncorkAll = () => {
  for (const socket of corked) socket.uncork();
  corked.clear();
};

export function corkedSend(ws: WebSocket, data: string | Buffer, options: { binary?: boolean } = {}): void {
  // ws keeps its net.Socket in `_socket`; it is the only way to batch writes across frames.
  const socket = (ws as unknown as { _socket: Corkable })._socket;
  if (!corked.has(socket)) {
    if (corked.size === 0) setImmediate(uncorkAll);
    socket.cork();
    corked.add(socket);
  }
  ws.send(data, options);
}
