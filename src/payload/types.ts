/**
 * The message shape every protocol maps to and from (docs/cross-protocol.md): a WAMP-shaped
 * payload of positional and keyword arguments, application headers and a content type.
 */

/**
 * Positional plus keyword arguments, as in WAMP. Binary values are `Uint8Array`, at any depth.
 * A protocol that carries one value maps it with `toOneValue` and `fromOneValue`.
 */
export interface Payload {
  readonly args?: readonly unknown[];
  readonly kwargs?: Readonly<Record<string, unknown>>;
}

/** Application headers (STOMP user headers, WAMP `_headers`); never protocol control headers. */
export type MessageHeaders = Readonly<Record<string, string>>;

/** A payload with its headers and content type: what a message carries, wherever it goes. */
export interface MessageContent extends Payload {
  readonly headers: MessageHeaders;
  /** The publisher's media type; `tellsMore` says whether a receiver needs to be told it. */
  readonly contentType?: string;
}
