/**
 * First-message detection for connections that negotiated no subprotocol token (older
 * `Stomp.over(new WebSocket(url))` code, SockJS-era clients): the connection is held until its
 * first message, which names the plugin (the first, in registration order, whose `detect`
 * accepts it; else the fallback). The chosen session then gets that same message, so nothing is
 * lost and no round trip is added; the echoed Sec-WebSocket-Protocol stays absent.
 */
import type { Logger } from '../common/logger.js';
import type { Connection, MessageData, ProtocolPlugin, SessionTransport } from '../plugin/types.js';
import { acceptsSink, type SinkTransport, type TransportSink } from './transport-sink.js';

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
 * The held transport and the transport its session is hosted on, in one object whose methods
 * forward to the socket's: no closures per connection, and the first-message callback is dropped
 * once used (issue 13: idle memory).
 */
class Hold implements HeldTransport, SinkTransport, TransportSink {
  readonly connection: Connection;
  readonly #inner: SessionTransport;
  #listener: ((data: MessageData) => void) | undefined;
  /** The hosted session, when it listens as a sink (transport-sink.ts). */
  #sink: TransportSink | undefined;
  /** Until the first message arrives or the hold is released. */
  #onFirst: ((first: MessageData, held: HeldTransport) => void) | undefined;

  constructor(inner: SessionTransport, onFirst: (first: MessageData, held: HeldTransport) => void) {
    this.#inner = inner;
    this.connection = inner.connection;
    this.#onFirst = onFirst;
    if (acceptsSink(inner)) inner.attachSink(this);
    else inner.onMessage((data) => this.message(data));
  }

  get transport(): SessionTransport {
    return this;
  }

  deliver(first: MessageData): void {
    this.#sink?.message(first);
    this.#listener?.(first);
  }

  attachSink(sink: TransportSink): void {
    this.#sink = sink;
  }

  /** The inner transport closed: the hosted session hears it (listeners registered with `onClose` are the inner's). */
  closed(code: number, reason: string): void {
    this.#sink?.closed(code, reason);
  }

  release(): void {
    this.#onFirst = undefined;
  }

  onMessage(listener: (data: MessageData) => void): void {
    this.#listener = listener;
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.#inner.onClose(listener);
  }

  terminate(): void {
    this.#inner.terminate();
  }

  limitOutbound(maxBufferedBytes: number, onSlowConsumer: (bufferedBytes: number) => void): void {
    this.#inner.limitOutbound?.(maxBufferedBytes, onSlowConsumer);
  }

  pause(): void {
    this.#inner.pause?.();
  }

  resume(): void {
    this.#inner.resume?.();
  }

  message(data: MessageData): void {
    const onFirst = this.#onFirst;
    if (onFirst === undefined) {
      this.#sink?.message(data);
      this.#listener?.(data);
      return;
    }
    this.#onFirst = undefined;
    onFirst(data, this);
  }
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
  return new Hold(transport, onFirst);
}
