/**
 * The one place that translates STOMP destination names into router names.
 *
 * | STOMP destination        | router                                                        |
 * |--------------------------|---------------------------------------------------------------|
 * | /topic/a.b, /topic/a.*   | topic `a.b`; a pattern with `*` or `#` subscribes `wildcard`  |
 * | /queue/x                 | queue `x` (store-and-forward, competing consumers)            |
 * | /temp-queue/x            | in `reply-to` and SUBSCRIBE: private to the session           |
 * | /reply-queue/<id>        | the rewritten form of a temp queue (128 random bits); SEND only |
 * | /rpc/com.example.add     | procedure `com.example.add`                                   |
 */

import { REPLY_PATH_PREFIX } from '../../src/plugin/index.js';

export const DestinationPrefix = {
  TOPIC: '/topic/',
  QUEUE: '/queue/',
  TEMP_QUEUE: '/temp-queue/',
  REPLY_QUEUE: '/reply-queue/',
  RPC: '/rpc/',
} as const;

export type Destination =
  | { readonly kind: 'topic'; readonly topic: string; readonly match: 'exact' | 'wildcard' }
  | { readonly kind: 'queue'; readonly queue: string }
  | { readonly kind: 'temp-queue'; readonly name: string }
  | { readonly kind: 'reply-queue'; readonly topic: string }
  | { readonly kind: 'rpc'; readonly procedure: string };

/**
 * A temp queue is a router reply path (`SessionHandle.replyPath`): `junction.reply.<id>`, with 128
 * random bits in `<id>`, reserved (replies are results, never checked by topic contracts) and
 * private (no client subscribes to it). `/reply-queue/<id>` is how STOMP names it in `reply-to`:
 * knowing it is the capability to reply, and only the receivers of the request learn it.
 */
const REPLY_ID = /^[0-9a-f]{32}$/;
const SUPPORTED = '/topic/, /queue/, /temp-queue/ (reply-to, SUBSCRIBE), /reply-queue/, /rpc/';

const PREFIX_SET: Record<string, true> = Object.fromEntries(
  Object.values(DestinationPrefix).map((prefix) => [prefix, true]),
);

/** Parses a destination, or returns why it is not one. */
export function parseDestination(destination: string): Destination | { readonly error: string } {
  const slash = destination.indexOf('/', 1);
  const prefix = slash === -1 ? destination : destination.slice(0, slash + 1);
  const name = slash === -1 ? '' : destination.slice(slash + 1);
  if (name === '' && prefix in PREFIX_SET) return { error: `Destination ${destination} has an empty name` };
  switch (prefix) {
    case DestinationPrefix.TOPIC:
      return { kind: 'topic', topic: name, match: /[*#]/.test(name) ? 'wildcard' : 'exact' };
    case DestinationPrefix.QUEUE:
      return { kind: 'queue', queue: name };
    case DestinationPrefix.TEMP_QUEUE:
      return { kind: 'temp-queue', name };
    case DestinationPrefix.REPLY_QUEUE:
      return parseReplyQueue(name);
    case DestinationPrefix.RPC:
      return { kind: 'rpc', procedure: name };
    default:
      return { error: `Unknown destination ${destination}; supported prefixes: ${SUPPORTED}` };
  }
}

/** Any name parses: one that is not a reply path's is refused as `access denied` (access.ts), like a guess. */
function parseReplyQueue(id: string): Destination {
  return { kind: 'reply-queue', topic: REPLY_PATH_PREFIX + id };
}

/** Whether a reply queue's router topic is a reply path's name (`junction.reply.` and 32 hex digits). */
export function isReplyPath(topic: string): boolean {
  return topic.startsWith(REPLY_PATH_PREFIX) && REPLY_ID.test(topic.slice(REPLY_PATH_PREFIX.length));
}

/** The destination other sessions reply to, for a reply path's router topic. */
export function replyQueueFor(replyTopic: string): string {
  return DestinationPrefix.REPLY_QUEUE + replyTopic.slice(REPLY_PATH_PREFIX.length);
}

/** The MESSAGE destination for a delivery from a router topic. */
export function topicDestination(topic: string): string {
  return DestinationPrefix.TOPIC + topic;
}

/** The MESSAGE destination for a delivery from a router queue. */
export function queueDestination(queue: string): string {
  return DestinationPrefix.QUEUE + queue;
}
