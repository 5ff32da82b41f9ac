/**
 * A Junction broker for the STOMP chat example, serving the chat page on http://127.0.0.1:8080/
 * (it loads @stomp/stompjs from static/vendor, copied at start). It speaks every protocol, not only
 * STOMP, so a WAMP or JSON-RPC client on topic `chat.<room>` is in the same chat as the page.
 *
 * Run from the repository root: npm run build && node dist/examples/stomp-chat/server.js [--port 9000]
 */
import { demoArgs, type ExampleOptions, isMain, type StartedExample, startExample } from '../example-server.js';

export type ChatOptions = ExampleOptions;
export type StartedChat = StartedExample;

/** Starts the broker (STOMP, WAMP, JSON-RPC) that also serves the chat page. */
export function startChat(options: ChatOptions = {}): Promise<StartedChat> {
  return startExample('stomp-chat', import.meta.url, options);
}

if (isMain(import.meta.url)) {
  const chat = await startChat({ ...demoArgs(process.argv.slice(2), process.env), logger: 'warn' });
  console.log(`Chat page on ${chat.pageUrl}; STOMP, WAMP and JSON-RPC on ${chat.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void chat.close());
}
