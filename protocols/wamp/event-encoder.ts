/**
 * EVENT encoding, once per publish per serializer: everything after the subscription id is the
 * same for every receiver, so it is encoded at the first delivery and spliced for the others.
 */
import type { MessageData } from '../../src/plugin.js';
import type { RoutedMessage, Subscription } from '../../src/router/types.js';
import { MessageCode, payloadElements } from './messages.js';
import type { EncodedTail, Serializer } from './serializers/index.js';

interface EventEntry {
  /** Whether the publisher asked to be disclosed (`disclose_me`), fixed at the first delivery. */
  readonly disclose: boolean;
  readonly tails: Map<string, EncodedTail>;
}

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

function eventDetails(message: RoutedMessage, withTopic: boolean, disclose: boolean): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  // Pattern-based subscription: the receiver learns the concrete topic.
  if (withTopic) details.topic = message.topic;
  if (Object.keys(message.headers).length > 0) details[PublishKey.HEADERS] = message.headers;
  if (tellsMore(message.contentType)) details[PublishKey.CONTENT_TYPE] = message.contentType;
  if (disclose && message.publisher !== undefined) {
    details.publisher = message.publisher.id;
    details.publisher_authid = message.publisher.authid;
    details.publisher_authrole = message.publisher.authrole;
  }
  return details;
}

/** Shared by all WAMP sessions of one plugin instance. */
export class EventEncoder {
  readonly #entries = new WeakMap<RoutedMessage, EventEntry>();
  #disclosing = false;

  /**
   * Runs a publish; the router delivers synchronously, so the messages first seen during it
   * belong to this publish and carry its disclosure choice.
   */
  publishing<T>(disclose: boolean, publish: () => T): T {
    const previous = this.#disclosing;
    this.#disclosing = disclose;
    try {
      return publish();
    } finally {
      this.#disclosing = previous;
    }
  }

  /** The EVENT for one receiver of `message`. */
  encode(serializer: Serializer, message: RoutedMessage, subscription: Subscription): MessageData {
    let entry = this.#entries.get(message);
    if (entry === undefined) {
      entry = { disclose: this.#disclosing, tails: new Map() };
      this.#entries.set(message, entry);
    }
    const withTopic = subscription.match !== 'exact';
    const key = withTopic ? `${serializer.name}+topic` : serializer.name;
    let tail = entry.tails.get(key);
    if (tail === undefined) {
      const details = eventDetails(message, withTopic, entry.disclose);
      tail = serializer.encodeTail([message.publicationId, details, ...payloadElements(message)]);
      entry.tails.set(key, tail);
    }
    return serializer.encodeWithTail(MessageCode.EVENT, subscription.id, tail);
  }
}
