/**
 * EVENT encoding, once per publish per serializer: everything after the subscription id is the
 * same for every receiver, so it is encoded at the first delivery and spliced for the others.
 * A message the serializer cannot encode (nested too deep for it) fails once per serializer, is
 * logged once (repeats aggregated) and reaches none of that serializer's subscribers.
 */
import {
  hasKeys,
  type Logger,
  oncePerMessage,
  RepeatedLines,
  type RoutedMessage,
  type Subscription,
  tellsMore,
} from '../../src/plugin/index.js';
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

function eventDetails(message: RoutedMessage, withTopic: boolean): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  // Pattern-based subscription: the receiver learns the concrete topic.
  if (withTopic) details.topic = message.topic;
  if (hasKeys(message.headers)) details[PublishKey.HEADERS] = message.headers;
  if (tellsMore(message.contentType)) details[PublishKey.CONTENT_TYPE] = message.contentType;
  if (message.disclosePublisher && message.publisher !== undefined) {
    details.publisher = message.publisher.id;
    details.publisher_authid = message.publisher.authid;
    details.publisher_authrole = message.publisher.authrole;
  }
  return details;
}

interface EncodedEvents {
  /** Everything after the subscription id, per serializer (and whether details name the topic); null: cannot be encoded. */
  readonly tails: Map<string, EncodedTail | null>;
  /** Whole EVENTs as Buffers, by serializer name, then by subscription id (no key built per receiver). */
  readonly events: Map<string, Map<number, Buffer>>;
}

/** Shared by all WAMP sessions of one plugin instance. */
export class EventEncoder {
  readonly #cached = oncePerMessage(
    (_message: RoutedMessage): EncodedEvents => ({ tails: new Map(), events: new Map() }),
  );
  readonly #repeats = new RepeatedLines();

  /**
   * The EVENT for one receiver of `message`, as bytes (text frames for json: send with
   * `binary: serializer.binary`). Subscribers of one pattern share a router subscription id, so
   * their EVENTs are identical: encoded once, the same bytes written to every socket.
   * Undefined when the message cannot be encoded (logged once, with the first receiver's logger).
   */
  encode(serializer: Serializer, message: RoutedMessage, subscription: Subscription, log: Logger): Buffer | undefined {
    const cached = this.#cached(message);
    let events = cached.events.get(serializer.name);
    if (events === undefined) {
      events = new Map();
      cached.events.set(serializer.name, events);
    }
    let event = events.get(subscription.id);
    if (event === undefined) {
      const tail = this.#tailFor(cached, serializer, message, subscription, log);
      if (tail === null) return undefined;
      const data = serializer.encodeWithTail(MessageCode.EVENT, subscription.id, tail);
      // A Buffer, so ws takes it as is: no per-send encoding, wrapping or copy.
      event = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      events.set(subscription.id, event);
    }
    return event;
  }

  #tailFor(
    cached: EncodedEvents,
    serializer: Serializer,
    message: RoutedMessage,
    subscription: Subscription,
    log: Logger,
  ): EncodedTail | null {
    const withTopic = subscription.match !== 'exact';
    const key = withTopic ? `${serializer.name}+topic` : serializer.name;
    let tail = cached.tails.get(key);
    if (tail === undefined) {
      try {
        tail = serializer.encodeTail([
          message.publicationId,
          eventDetails(message, withTopic),
          ...payloadElements(message),
        ]);
      } catch (error) {
        tail = null;
        const fields = { err: error, topic: message.topic, serializer: serializer.name };
        this.#repeats.write(log, 'warn', fields, 'message cannot be encoded as a WAMP EVENT, not delivered');
      }
      cached.tails.set(key, tail);
    }
    return tail;
  }
}
