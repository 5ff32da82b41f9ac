/** Opening a `ws` client for the drivers, with Nagle off and a bounded wait. */
import WebSocket from 'ws';

export function openSocket(url: string, protocol?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocol === undefined ? [] : [protocol], { perMessageDeflate: false });
    const timer = setTimeout(() => reject(new Error(`connect timeout ${url}`)), 60_000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Resolves with the first message for which `accept` returns a value. */
export function awaitMessage<T>(ws: WebSocket, accept: (data: WebSocket.RawData) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    // Generous: RabbitMQ takes its time with a thousand subscriptions at once.
    const timer = setTimeout(() => reject(new Error('no answer within 60 s')), 60_000);
    const listener = (data: WebSocket.RawData) => {
      const value = accept(data);
      if (value === undefined) return;
      clearTimeout(timer);
      ws.off('message', listener);
      resolve(value);
    };
    ws.on('message', listener);
  });
}
