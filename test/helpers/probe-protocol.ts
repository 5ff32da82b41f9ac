/**
 * A minimal test plugin (`probe.v1`) for core tests: JSON commands drive the router, and a
 * `crash` command throws so the session guard can be observed.
 */
import { defineProtocol, type SessionHandle } from '../../src/index.js';

interface ProbeOptions {
  /** Join the realm on connect (default true); false lets the login timeout fire. */
  readonly join?: boolean;
}

type Command =
  | { op: 'sub'; topic: string }
  | { op: 'pub'; topic: string; data: unknown }
  | { op: 'crash' }
  | { op: 'whoami' };

export const probeProtocol = (options: ProbeOptions = {}) =>
  defineProtocol({
    name: 'probe',
    tokens: ['probe.v1'],
    createSession(connection, context) {
      let router: SessionHandle | undefined;
      if (options.join !== false) {
        router = context.join(
          context.defaultRealm,
          context.handshake.identity ?? { authid: 'probe', authrole: 'test' },
        );
      }
      return {
        onShutdown() {
          connection.send('"goodbye"');
        },
        onMessage(data) {
          const command = JSON.parse(String(data)) as Command;
          if (command.op === 'crash') throw new Error('probe crash requested');
          if (!router) return;
          if (command.op === 'whoami') connection.send(JSON.stringify(router.session));
          if (command.op === 'sub') {
            router.subscribe(command.topic, { match: 'exact' }, (message) =>
              connection.send(JSON.stringify(message.args?.[0])),
            );
            connection.send('"subscribed"');
          }
          if (command.op === 'pub') router.publish({ topic: command.topic, args: [command.data] });
        },
      };
    },
  });
