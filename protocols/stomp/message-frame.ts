/**
 * Builds MESSAGE frames. The body and the message-wide headers (content-type, user headers) are
 * encoded once per routed message and version; each delivery only adds its own headers
 * (destination, subscription, message-id, ack, redelivered). A message whose body cannot be
 * encoded (nested too deep to stringify) fails once, is logged once and reaches no subscriber.
 */
import { type Logger, type MessageData, RepeatedLines, type RoutedMessage } from '../../src/plugin/index.js';
import { DestinationPrefix } from './destinations.js';
import { escapeHeader } from './escape.js';
import type { StompVersion } from './frame.js';
import { encodePayload, type OutboundBody } from './payload.js';
import { frameMessage } from './serializer.js';
import { topicMessageId } from './subscriptions.js';
import { createTopicFrames, type TopicFrames, type WireSubscriptionId } from './topic-frames.js';

/** Per-delivery headers of one MESSAGE. */
export interface DeliveryHeaders {
  readonly destination: string;
  readonly subscription: string;
  readonly messageId: string;
  /** STOMP 1.2: present when the subscription acks in a client mode. */
  readonly ack?: string;
  readonly redelivered?: boolean;
}

/** One MESSAGE ready for the socket; `binary` when its body is not valid UTF-8. */
export interface OutboundFrame {
  readonly data: MessageData;
  readonly binary: boolean;
}

/** Control headers that user headers never override. */
const RESERVED = new Set([
  'destination',
  'subscription',
  'message-id',
  'ack',
  'content-type',
  'content-length',
  'receipt',
  'transaction',
  'redelivered',
]);

interface CachedMessage extends OutboundBody {
  /** Headers shared by every delivery, escaped, per version. */
  readonly tails: Partial<Record<StompVersion, string>>;
  /** The last destination line written (deliveries of one message share their destination). */
  destination?: { readonly value: string; readonly version: StompVersion; readonly line: string };
  /** Auto-ack topic frames for the first version asked for (sessions of other versions are rare). */
  topicFrames?: TopicFrames;
  /** Auto-ack topic frames for the other versions. */
  otherTopicFrames?: Partial<Record<StompVersion, TopicFrames>>;
}

/**
 * Each method returns undefined when the message's body cannot be encoded: told once per message
 * on the `log` of the first receiver (repeats aggregated), silently for the others.
 */
export interface MessageEncoder {
  /** A MESSAGE with its own per-delivery headers (queues, client ack modes, temp queues). */
  frame(
    message: RoutedMessage,
    version: StompVersion,
    delivery: DeliveryHeaders,
    log?: Logger,
  ): OutboundFrame | undefined;
  /**
   * An auto-ack topic MESSAGE. Its message-id names the publication, so it is the same for every
   * receiver with this subscription id: built once, and the same Buffer goes to every such socket;
   * other ids get their id spliced in (topic-frames.ts): as `parts` written in a row, or copied
   * into one Buffer when `data` is read. The frame returned is shared per message and version:
   * read its `data` or `parts` before the next call.
   */
  topicFrame(
    message: RoutedMessage,
    version: StompVersion,
    subscription: WireSubscriptionId,
    log?: Logger,
  ): TopicFrames | undefined;
}

/** A message whose body could not be encoded; `reported` once it was logged. */
interface Unencodable {
  readonly error: unknown;
  reported: boolean;
}

/**
 * Creates an encoder that keeps the encoding of the last message it was asked for. The router
 * delivers a publish to all its receivers in one loop, so they ask in a row; a WeakMap keyed by
 * every message cost a table entry per message for nothing where most messages have one receiver
 * (many-to-many; issue 13). A message asked for again later (a queue redelivery, a publish
 * interleaved by one made inside a delivery) is encoded again, to the same bytes.
 */
export function createMessageEncoder(): MessageEncoder {
  const repeats = new RepeatedLines();
  let lastMessage: RoutedMessage | undefined;
  let lastEncoded: CachedMessage | Unencodable | undefined;
  const cachedOf = (message: RoutedMessage, log: Logger | undefined): CachedMessage | undefined => {
    if (message !== lastMessage) {
      lastEncoded = encode(message);
      lastMessage = message;
    }
    const cached = lastEncoded as CachedMessage | Unencodable;
    if (!('error' in cached)) return cached;
    if (!cached.reported && log !== undefined) {
      cached.reported = true;
      const fields = { err: cached.error, topic: message.topic };
      repeats.write(log, 'warn', fields, 'message cannot be encoded as a STOMP body, not delivered');
    }
    return undefined;
  };
  return {
    frame(message, version, delivery, log) {
      const cached = cachedOf(message, log);
      if (cached === undefined) return undefined;
      return { data: buildFrame(message, version, delivery, cached), binary: cached.body.text === undefined };
    },
    topicFrame(message, version, subscription, log) {
      const cached = cachedOf(message, log);
      if (cached === undefined) return undefined;
      const frames = cached.topicFrames;
      if (frames !== undefined && frames.version === version) return frames.select(subscription);
      return otherTopicFrames(message, version, subscription, cached);
    },
  };
}

/** The first topic delivery of a message in `version`: builds its frames, whole for this receiver. */
function encode(message: RoutedMessage): CachedMessage | Unencodable {
  try {
    const { body, contentType } = encodePayload(message);
    return { body, contentType, tails: {} };
  } catch (error) {
    return { error, reported: false };
  }
}

function otherTopicFrames(
  message: RoutedMessage,
  version: StompVersion,
  subscription: WireSubscriptionId,
  cached: CachedMessage,
): TopicFrames {
  const known = cached.otherTopicFrames?.[version];
  if (known !== undefined) return known.select(subscription);
  const messageId = topicMessageId(message.publicationId);
  // Written once per message here: the destination memo serves per-delivery frames only. The
  // topic is escaped, not the whole destination: `/topic/` never needs it (issue 13).
  const destination = `${DestinationPrefix.TOPIC}${value(message.topic, version)}`;
  const head = `MESSAGE\ndestination:${destination}\nmessage-id:${messageId}\nsubscription:`;
  const frames = createTopicFrames(version, head, subscription, `\n${tailOf(message, version, cached)}`, cached.body);
  if (cached.topicFrames === undefined) cached.topicFrames = frames;
  else {
    cached.otherTopicFrames ??= {};
    cached.otherTopicFrames[version] = frames;
  }
  return frames;
}

function buildFrame(
  message: RoutedMessage,
  version: StompVersion,
  delivery: DeliveryHeaders,
  cached: CachedMessage,
): MessageData {
  return frameMessage(
    `MESSAGE\n${deliveryHeaders(delivery, version, cached)}${tailOf(message, version, cached)}`,
    cached.body,
  );
}

/** The headers every delivery of the message shares, and the blank line. */
function tailOf(message: RoutedMessage, version: StompVersion, cached: CachedMessage): string {
  let tail = cached.tails[version];
  if (tail === undefined) {
    tail = sharedHeaders(message, cached, version);
    cached.tails[version] = tail;
  }
  return tail;
}

function line(name: string, text: string, version: StompVersion): string {
  if (version === '1.0') return `${name}:${value(text, version)}\n`;
  return `${escapeHeader(name, version)}:${value(text, version)}\n`;
}

/** A header value as `version` writes it (1.0 has no escapes: a line break becomes a space). */
function value(text: string, version: StompVersion): string {
  return version === '1.0' ? text.replace(/[\r\n]/g, ' ') : escapeHeader(text, version);
}

function destinationLine(destination: string, version: StompVersion, cached: CachedMessage): string {
  const memo = cached.destination;
  if (memo !== undefined && memo.value === destination && memo.version === version) return memo.line;
  const fresh = `destination:${value(destination, version)}\n`;
  cached.destination = { value: destination, version, line: fresh };
  return fresh;
}

function deliveryHeaders(delivery: DeliveryHeaders, version: StompVersion, cached: CachedMessage): string {
  let text = destinationLine(delivery.destination, version, cached);
  // Message and ack ids are the session's own (a letter and digits): nothing to escape.
  text += `message-id:${delivery.messageId}\n`;
  text += `subscription:${value(delivery.subscription, version)}\n`;
  if (delivery.ack !== undefined) text += `ack:${delivery.ack}\n`;
  if (delivery.redelivered) text += 'redelivered:true\n';
  return text;
}

function sharedHeaders(message: RoutedMessage, cached: OutboundBody, version: StompVersion): string {
  let text = '';
  const headers = message.headers;
  // for-in, not Object.entries: most messages have no user headers, and this runs for each one.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || RESERVED.has(name)) continue;
    text += line(version === '1.0' ? name.replace(/[\r\n:]/g, ' ') : name, value, version);
  }
  // Control header names are written as they are: there is nothing in them to escape.
  if (cached.contentType !== undefined) text += `content-type:${value(cached.contentType, version)}\n`;
  // STOMP 1.2: content-length counts octets; always sent so bodies may hold NUL.
  return `${text}content-length:${cached.body.byteLength}\n\n`;
}
