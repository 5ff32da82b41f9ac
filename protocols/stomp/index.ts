/**
 * The STOMP 1.0/1.1/1.2 protocol plugin over WebSocket (`v12.stomp`, `v11.stomp`, `v10.stomp`).
 * The token only says "this is STOMP"; the version comes from `accept-version` in CONNECT.
 *
 * @example
 * ```ts
 * import { createJunction } from 'junction';
 * import { stomp } from 'junction/protocols/stomp';
 * const junction = createJunction({ protocols: [stomp({ maxSubscriptions: 100 })] });
 * ```
 */
import type { ProtocolPlugin } from '../../src/plugin/index.js';
import { isStompConnect } from './detect.js';
import { createMessageEncoder } from './message-frame.js';
import { resolveOptions, type StompOptions, stompOptionsSchema } from './options.js';
import { StompSession } from './session.js';

export type { StompOptions } from './options.js';
export { StompSession } from './session.js';
export { listenStompTcp, type StompTcpOptions, type StompTcpServer } from './tcp-listener.js';

/** Value of the CONNECTED `server` header (STOMP 1.2: `name/version`). */
export const SERVER_NAME = 'junction/0.1.0';

const TOKENS = ['v12.stomp', 'v11.stomp', 'v10.stomp'] as const;

/** Creates the STOMP plugin. */
export function stomp(options: StompOptions = {}): ProtocolPlugin<StompOptions> {
  const resolved = resolveOptions(options);
  const encodeMessage = createMessageEncoder();
  return {
    name: 'stomp',
    tokens: TOKENS,
    optionsSchema: stompOptionsSchema,
    options,
    // RabbitMQ echoes the highest version token offered.
    selectToken: (offered) => TOKENS.find((token) => offered.includes(token)) ?? (offered[0] as string),
    // A client that offered no token (Stomp.over(new WebSocket(url))) is STOMP if it opens with CONNECT.
    detect: isStompConnect,
    // Frames, not WebSocket messages or TCP chunks, count against messagesPerSecond (session.ts #pump).
    countsMessages: true,
    // The parser reads bytes: a text frame is not decoded to a string only to be encoded again (issue 13).
    textAsBytes: true,
    createSession: (connection, context) =>
      new StompSession(connection, context, { options: resolved, encodeMessage, server: SERVER_NAME }),
  };
}
