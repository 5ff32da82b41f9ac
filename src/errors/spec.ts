/**
 * The shapes of the error table's entries. The types force completeness: a router error entry
 * without a rendering for one of the built-in protocols does not compile.
 */

/** A `JNC_ERR_*` code: its printf-style message (`%s`) and the status or close code it implies. */
export interface CoreErrorSpec {
  readonly message: string;
  /** The HTTP status of a refused handshake. */
  readonly httpStatus?: number;
  /** The WebSocket close code of a connection the core closes. */
  readonly closeCode?: number;
}

/**
 * STOMP's rendering: an ERROR frame (STOMP 1.2 "ERROR": `message` header, the URI as the body),
 * then the connection closes with `closeCode`. An `/rpc/` reply carries the URI in its `error`
 * header instead, whatever the entry.
 */
export interface StompRendering {
  /** Text of the `message` header; `%s` is the error's own message. */
  readonly message: string;
  readonly closeCode: number;
}

/** How each built-in protocol renders one router error. All three are required. */
export interface ErrorRendering {
  readonly stomp: StompRendering;
  /** The ERROR (or ABORT) reason URI: WAMP passes the router's URI through. */
  readonly wamp: string;
  /** The JSON-RPC 2.0 error `code` (spec §5.1; Junction's own in -32000..-32099). */
  readonly jsonrpc: number;
}

/** One router error URI: its code (`JNC_ERR_ROUTER_*`), what it means, its renderings. */
export interface RouterErrorSpec extends ErrorRendering {
  readonly uri: string;
  readonly code: string;
  /** What happened, for people (the README's "when" column); not sent on the wire. */
  readonly summary: string;
}

/** A `JNC_ERR_*` code that protocols render themselves (an authentication refusal): all three required. */
export interface RenderedErrorSpec extends CoreErrorSpec, ErrorRendering {}
