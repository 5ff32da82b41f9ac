/**
 * Recognises WAMP from the first message of a connection that offered no subprotocol: a JSON
 * array whose first element is 1, HELLO (WAMP MS: `[HELLO, Realm|uri, Details|dict]`). JSON is
 * the only serializer a token-less client can mean (msgpack and cbor need their token).
 */
import type { MessageData } from '../../src/plugin/index.js';

// `[1,` with JSON whitespace: a cheap look at the head, the session parses the message itself.
const HELLO_HEAD = /^[\t\n\r ]*\[[\t\n\r ]*1[\t\n\r ]*,/;

/** Whether the first message of a token-less connection is a WAMP JSON HELLO. */
export function isWampJsonHello(first: MessageData): boolean {
  return typeof first === 'string' && HELLO_HEAD.test(first.slice(0, 64));
}
