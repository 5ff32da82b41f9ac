/**
 * The core's own transports (WebSockets) take the session host itself as their listener, instead
 * of a closure per event per connection (issue 13: idle memory). Plugins' transports keep the
 * SessionTransport API (`onMessage`, `onClose`); this is not part of it.
 */
import type { MessageData, SessionTransport } from '../plugin/types.js';

/** Hears one transport: its messages in order, then its close, once. */
export interface TransportSink {
  message(data: MessageData): void;
  closed(code: number, reason: string): void;
}

/** A transport that can call a sink's methods directly. */
export interface SinkTransport extends SessionTransport {
  attachSink(sink: TransportSink): void;
}

export function acceptsSink(transport: SessionTransport): transport is SinkTransport {
  return typeof (transport as Partial<SinkTransport>).attachSink === 'function';
}
