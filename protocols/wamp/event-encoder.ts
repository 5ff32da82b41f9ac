/**
 * EVENT encoding, once per publish per serializer: everything after the subscription id is the
 * same for every receiver, so it is encoded at the first delivery and spliced for the others.
 */
import type { MessageData } from '../../src/plugin.js';
import type { RoutedMessage, Subscription } from '../../src/router/types.js';
import { MessageCode, payloadElements } from './messages.js';
import type { EncodedTail, Serializer } from './serializers/index.js';

/**
 * Junction's implementation-specific keys in PUBLISH.Options and EVENT.Details (WAMP MS
 * "Extensibility": `_[a-z0-9_]{3,}`; clients ignore keys they do not know).
 */
export const PublishKey = {
  /** The message's application headers (STOMP user headers), a dict of strings. */
  HEADERS: '_headers',
  /** The message's content type, when it says more than the payload's own type. */
  CONTENT_TYPE: '_content_type',
} as const;

/** Content types every payload already implies: text, JSON and bytes need no label. */
const IMPLIED_TYPES = new Set(['text/plain', 'application/json', 'application/octet-stream']);

/** Whether a content type adds information (`image/png`, `text/csv`; not `text/plain;charset=utf-8`). */
export function tellsMore(contentType: string | undefined): contentType is string {
  if (contentType === undefined) return false;
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return !IMPLIED_TYPES.has(essence);
}

function eventDetails(message: RoutedMessage, withTopic: boolean): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  // Pattern-based subscription: the receiver learns the concrete topic.
  if (withTopic) details.topic = message.topic;
  if (Object.keys(message.headers).length > 0) details[PublishKey.HEADERS] = message.headers;
  if (tellsMore(message.contentType)) details[PublishKey.CONTENT_TYPE] = message.contentType;
  if (message.disclosePublisher && message.publisher !== undefined) {
    details.publisher = message.publisher.id;
    details.publisher_authid = message.publisher.authid;
    details.publisher_authrole = message.publisher.authrole;
  }
  return details;
}

/** Shared by all WAMP sessions of one plugin instance. */
export class EventEncoder {
  /** Encoded EVENT tails per message, keyed by serializer (and whether details name the topic). */
  readonly #tails = new WeakMap<RoutedMessage, Map<string, EncodedTail>>();

  /** The EVENT for one receiver of `message`. */
  encode(serializer: Serializer, message: RoutedMessage, subscription: Subscription): MessageData {
    let tails = this.#tails.get(message);
    if (tails === undefined) {
      tails = new Map();
      this.#tails.set(message, tails);
    }
    const withTopic = subscription.match !== 'exact';
    const key = withTopic ? `${serializer.name}+topic` : serializer.name;
    let tail = tails.get(key);
    if (tail === undefined) {
      const details = eventDetails(message, withTopic);
      tail = serializer.encodeTail([message.publicationId, details, ...payloadElements(message)]);
      tails.set(key, tail);
    }
    return serializer.encodeWithTail(MessageCode.EVENT, subscription.id, tail);
  }
}
