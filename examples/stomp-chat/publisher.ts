/**
 * A Node publisher for the STOMP chat: posts the time to /topic/chat.<room> every 5 seconds.
 * Run: node dist/examples/stomp-chat/publisher.js [room]   (STOMP_URL overrides the broker URL)
 */
import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';

const url = process.env.STOMP_URL ?? 'ws://127.0.0.1:8080';
const room = process.argv[2] ?? 'lobby';

const client = new Client({
  // stompjs uses the browser's WebSocket; in Node, hand it one from `ws`.
  webSocketFactory: () => new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']),
  reconnectDelay: 2000,
  onStompError: (frame) => console.error('broker error:', frame.headers.message),
});

let timer: NodeJS.Timeout | undefined;
client.onConnect = () => {
  console.log(`connected to ${url}, posting to /topic/chat.${room}`);
  client.subscribe(`/topic/chat.${room}`, (message) => console.log('<', message.body));
  clearInterval(timer);
  timer = setInterval(() => {
    const text = `the time is ${new Date().toLocaleTimeString()}`;
    client.publish({
      destination: `/topic/chat.${room}`,
      body: JSON.stringify({ user: 'clock-bot', text, time: new Date().toISOString() }),
      headers: { 'content-type': 'application/json' },
    });
  }, 5000);
};
client.activate();

process.once('SIGINT', () => {
  clearInterval(timer);
  void client.deactivate();
});
