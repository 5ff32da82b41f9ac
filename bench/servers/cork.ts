/**
 * Write batching for a ws socket: the first send in an event-loop turn corks the TCP socket and
 * a nextTick uncorks it, so every frame written in that turn leaves in one writev.
 */
import type WebSocket from 'ws';

interface Corkable {
  cork(): void;
  uncork(): void;
}

const corked = new WeakSet<WebSocket>();

export function corkedSend(ws: WebSocket, data: string | Buffer): void {
  if (!corked.has(ws)) {
    // ws keeps its net.Socket in `_socket`; it is the only way to batch writes across frames.
    const socket = (ws as unknown as { _socket: Corkable })._socket;
    socket.cork();
    corked.add(ws);
    process.nextTick(() => {
      corked.delete(ws);
      socket.uncork();
    });
  }
  ws.send(data);
}
