/** Calling procedures from a @stomp/stompjs client the way STOMP can: SEND /rpc/<procedure> with reply-to. */
import type { Client, IMessage } from '@stomp/stompjs';

/**
 * `call(procedure, args)` sends an `envelope: true` JSON body `{args}` and resolves with the reply
 * MESSAGE carrying the request's correlation-id. Replies to `/temp-queue/` arrive without a
 * SUBSCRIBE (RabbitMQ's convention), through `client.onUnhandledMessage`, which this takes over;
 * every one is also kept in `replies`.
 */
export function stompRpc(client: Client, timeoutMs = 5000) {
  const replies: IMessage[] = [];
  const waiting = new Map<string, (message: IMessage) => void>();
  client.onUnhandledMessage = (message) => {
    replies.push(message);
    waiting.get(message.headers['correlation-id'] ?? '')?.(message);
  };
  let correlation = 0;
  const call = (procedure: string, args: unknown[] = []): Promise<IMessage> => {
    const id = `c${++correlation}`;
    const reply = new Promise<IMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply ${id} to /rpc/${procedure}`)), timeoutMs);
      waiting.set(id, (message) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(message);
      });
    });
    client.publish({
      destination: `/rpc/${procedure}`,
      body: JSON.stringify({ args }),
      headers: {
        'content-type': 'application/json',
        envelope: 'true',
        'reply-to': '/temp-queue/rpc',
        'correlation-id': id,
      },
    });
    return reply;
  };
  return { call, replies };
}
