/** Connects @stomp/stompjs in Node over `ws`. */
import { Client, type StompConfig } from '@stomp/stompjs';
import WebSocket from 'ws';

/** Starts a stompjs client and resolves once it is connected. */
export function connectStompjs(
  url: string,
  config: StompConfig = {},
  onEachConnect?: (client: Client) => void,
): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(url, ['v10.stomp', 'v11.stomp', 'v12.stomp']),
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      onStompError: (frame) => reject(new Error(frame.headers.message)),
      ...config,
    });
    let first = true;
    client.onConnect = () => {
      onEachConnect?.(client);
      if (first) resolve(client);
      first = false;
    };
    client.activate();
  });
}

/** Resolves with the next value pushed into `items`. */
export function nextItem<T>(items: T[], timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (items.length > 0) resolve(items.shift() as T);
      else if (Date.now() > deadline) reject(new Error('timed out waiting for an item'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}
