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

function eventDetails(message: RoutedMessage, withTopic: boolean, disclose: boolean): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  // Pattern-based subscription: the receiver learns the concrete topic.
  if (withTopic) details.topic = message.topic;
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
