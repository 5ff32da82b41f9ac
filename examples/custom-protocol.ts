/**
 * A complete third-party protocol plugin in one file: `chat.v1`, a line protocol that shares
 * topics with STOMP, WAMP and JSON-RPC clients on the same broker. It imports the core only
 * through the plugin API entry (`junction/plugin` once published), as any plugin must.
 *
 *   client → broker   SUB <topic> | UNSUB <topic> | PUB <topic> <text>
 *   broker → client   OK <command> | MSG <topic> <text> | ERR <reason>
 *
 * Run: npm run build && npx junction --plugin ./dist/examples/custom-protocol.js
 * (then connect with subprotocol chat.v1). Its test runs the `junction/testing` contract cases.
 */
import {
  type Connection,
  defineProtocol,
  oncePerMessage,
  type RoutedMessage,
  RouterError,
  type SessionContext,
  type SessionHandle,
  type Subscription,
  stringifyWithBinary,
  toOneValue,
} from '../src/plugin/index.js';

/**
 * The text a line client sees for any message, whichever protocol published it: a single string
 * as it is; anything else as JSON (one argument → that value, else `{"args", "kwargs"}`), with
 * bytes as WAMP JSON writes them ("\u0000" + base64).
 */
function render(message: RoutedMessage): string {
  const value = toOneValue(message);
  return typeof value === 'string' ? value : stringifyWithBinary(value);
}

/** Renders each message once, however many chat.v1 sessions receive it (one cache per plugin). */
function renderer(): (message: RoutedMessage) => string {
  return oncePerMessage((message: RoutedMessage) => `MSG ${message.topic} ${render(message)}`);
}

function chatSession(connection: Connection, context: SessionContext, format: (message: RoutedMessage) => string) {
  const subscriptions = new Map<string, Subscription>();
  let router: SessionHandle | undefined;
  // Join as soon as the connection opens: anonymous, or the identity of a handshake token.
  const realm = context.handshake.url.searchParams.get('realm') ?? context.defaultRealm;
  const ready = (async () => {
    try {
      const identity =
        context.handshake.identity ??
        (await context.authenticate({
          protocol: 'chat',
          realm,
          method: 'anonymous',
          handshake: context.handshake,
        }));
      router = context.join(realm, identity);
    } catch (err) {
      connection.close(1008, err instanceof Error ? err.message : 'cannot join');
    }
  })();

  const handle = (line: string): void => {
    const [command, topic = '', ...rest] = line.split(' ');
    if (!router || topic === '') return void connection.send('ERR expected <command> <topic>');
    if (command === 'SUB' && !subscriptions.has(topic)) {
      const match = topic.includes('*') || topic.includes('#') ? 'wildcard' : 'exact';
      subscriptions.set(
        topic,
        router.subscribe(topic, { match }, (message) => connection.send(format(message))),
      );
    } else if (command === 'UNSUB') {
      subscriptions.get(topic)?.unsubscribe();
      subscriptions.delete(topic);
    } else if (command === 'PUB') {
      router.publish({ topic, args: [rest.join(' ')], contentType: 'text/plain' });
    } else if (command !== 'SUB') {
      return void connection.send(`ERR unknown command ${command}`);
    }
    connection.send(`OK ${command}`);
  };

  return {
    async onMessage(data: string | Uint8Array) {
      await ready;
      const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
        try {
          handle(line.trim());
        } catch (err) {
          // Router errors (an invalid topic, a limit) are the client's problem, not a crash.
          if (!(err instanceof RouterError)) throw err;
          connection.send(`ERR ${err.uri} ${err.message}`);
        }
      }
    },
  };
}

/** The plugin: name, token, and a session per connection. Nothing else is required. */
export const chatProtocol = () => {
  const format = renderer();
  return defineProtocol({
    name: 'chat',
    tokens: ['chat.v1'],
    createSession: (connection, context) => chatSession(connection, context, format),
  });
};

/** `junction --plugin` takes the default export: this factory. */
export default chatProtocol;
