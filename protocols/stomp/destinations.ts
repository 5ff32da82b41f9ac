/**
 * The one place that translates STOMP destination names into router names.
 *
 * | STOMP destination        | router                                                        |
 * |--------------------------|---------------------------------------------------------------|
 * | /topic/a.b, /topic/a.*   | topic `a.b`; a pattern with `*` or `#` subscribes `wildcard`  |
 * | /queue/x                 | queue `x` (store-and-forward, competing consumers)            |
 * | /temp-queue/x            | in `reply-to` and SUBSCRIBE: private to the session           |
 * | /reply-queue/<sid>.x     | the rewritten form of a temp queue; SEND only                 |
 * | /rpc/com.example.add     | procedure `com.example.add`                                   |
 */

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
  | { readonly kind: 'reply-queue'; readonly owner: number; readonly topic: string }
  | { readonly kind: 'rpc'; readonly procedure: string };

/**
 * Router topic prefix of temporary reply queues: in the broker's reserved `junction.` namespace
 * (isReservedTopic), so replies are results, never checked by topic contracts.
 */
const REPLY_TOPIC = 'junction.reply.';
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

function parseReplyQueue(name: string): Destination | { readonly error: string } {
  const dot = name.indexOf('.');
  const owner = Number(name.slice(0, dot));
  if (dot <= 0 || !Number.isSafeInteger(owner)) return { error: `Invalid reply queue /reply-queue/${name}` };
  return { kind: 'reply-queue', owner, topic: REPLY_TOPIC + name };
}

/** The destination other sessions reply to for `/temp-queue/<name>` of session `sessionId`. */
export function replyQueueFor(sessionId: number, name: string): string {
  return `${DestinationPrefix.REPLY_QUEUE}${sessionId}.${name}`;
}

/** The router topic carrying replies to `/temp-queue/<name>` of session `sessionId`. */
export function replyTopicFor(sessionId: number, name: string): string {
  return `${REPLY_TOPIC}${sessionId}.${name}`;
}

/** The MESSAGE destination for a delivery from a router topic. */
export function topicDestination(topic: string): string {
  return DestinationPrefix.TOPIC + topic;
}

/** The MESSAGE destination for a delivery from a router queue. */
export function queueDestination(queue: string): string {
  return DestinationPrefix.QUEUE + queue;
}
