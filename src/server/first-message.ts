/**
 * First-message detection for connections that negotiated no subprotocol token (older
 * `Stomp.over(new WebSocket(url))` code, SockJS-era clients): the connection is held until its
 * first message, which names the plugin (the first, in registration order, whose `detect`
 * accepts it; else the fallback). The chosen session then gets that same message, so nothing is
 * lost and no round trip is added; the echoed Sec-WebSocket-Protocol stays absent.
 */
import type { Logger } from '../common/logger.js';
import type { MessageData, ProtocolPlugin, SessionTransport } from '../plugin/types.js';

/**
 * The plugin a token-less connection's first message belongs to: the first plugin in
 * registration order whose `detect` accepts it, else the fallback. A `detect` that throws
 * declines (it is a plugin's bug, not the client's).
 */
export function detectPlugin(
  first: MessageData,
  plugins: readonly ProtocolPlugin[],
  fallback: ProtocolPlugin,
  log?: Logger,
): ProtocolPlugin {
  for (const plugin of plugins) {
    if (plugin === fallback || plugin.detect === undefined) continue;
    try {
      if (plugin.detect(first)) return plugin;
    } catch (err) {
      log?.error({ err, protocol: plugin.name }, 'detect failed');
    }
  }
  return fallback;
}

/** Whether any plugin besides the fallback could claim a token-less connection by its first message. */
export function detectsFirstMessage(plugins: readonly ProtocolPlugin[], fallback: ProtocolPlugin): boolean {
  return plugins.some((plugin) => plugin !== fallback && plugin.detect !== undefined);
}

/** A transport held until its first message. */
export interface HeldTransport {
  /** The transport to host the session on: it replays nothing, `deliver` hands over the first message. */
  readonly transport: SessionTransport;
  /** Feeds the first message to the listener the hosted session registered. */
  deliver(first: MessageData): void;
}

/**
 * Listens to `transport` for its first message and calls `onFirst` with it once; every later
 * message goes to the listener the hosted session registers on the held transport. The socket's
 * listener is registered once, here, so messages arriving in the same tick as the first keep
 * their order. `release()` stops holding without a first message (the session is hosted some
 * other way): every message then goes straight to the hosted session's listener.
 */
export function holdUntilFirstMessage(
  transport: SessionTransport,
  onFirst: (first: MessageData, held: HeldTransport) => void,
): HeldTransport & { release(): void } {
  let listener: ((data: MessageData) => void) | undefined;
  let seen = false;
  const held: HeldTransport = {
    transport: {
      connection: transport.connection,
      onMessage: (l) => {
        listener = l;
      },
      onClose: (l) => transport.onClose(l),
      terminate: () => transport.terminate(),
      ...(transport.limitOutbound && {
        limitOutbound: (max, onSlow) => transport.limitOutbound?.(max, onSlow),
      }),
      ...(transport.pause && { pause: () => transport.pause?.() }),
      ...(transport.resume && { resume: () => transport.resume?.() }),
    },
    deliver: (first) => listener?.(first),
  };
  transport.onMessage((data) => {
    if (seen) listener?.(data);
    else {
      seen = true;
      onFirst(data, held);
    }
  });
  return {
    ...held,
    release: () => {
      seen = true;
    },
  };
}
