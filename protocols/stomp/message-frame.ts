/**
 * Builds MESSAGE frames. The body and the message-wide headers (content-type, user headers) are
 * encoded once per routed message and version; each delivery only adds its own headers
 * (destination, subscription, message-id, ack, redelivered). A message whose body cannot be
 * encoded (nested too deep to stringify) fails once, is logged once and reaches no subscriber.
 */
import {
  type Logger,
  type MessageData,
  oncePerMessage,
  RepeatedLines,
  type RoutedMessage,
} from '../../src/plugin/index.js';
import { topicDestination } from './destinations.js';
import { escapeHeader } from './escape.js';
import type { StompVersion } from './frame.js';
import { encodePayload, type OutboundBody } from './payload.js';
import { frameMessage } from './serializer.js';
import { topicMessageId } from './subscriptions.js';

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
  /** The last auto-ack topic frame built: most messages have one subscriber, or one subscription id. */
  lastTopicFrame?: { readonly version: StompVersion; readonly subscription: string; readonly frame: OutboundFrame };
  /** Further auto-ack topic frames, by version and subscription id (the destination is the message's). */
  topicFrames?: Map<string, OutboundFrame>;
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
   * receiver with this subscription id: built once, and the same Buffer goes to every socket
   * (no per-send UTF-8 encoding, no copy).
   */
  topicFrame(
    message: RoutedMessage,
    version: StompVersion,
    subscription: string,
    log?: Logger,
  ): OutboundFrame | undefined;
}

/** A message whose body could not be encoded; `reported` once it was logged. */
interface Unencodable {
  readonly error: unknown;
  reported: boolean;
}

/** Creates an encoder whose cache lives as long as the messages it encoded (a WeakMap). */
export function createMessageEncoder(): MessageEncoder {
  const repeats = new RepeatedLines();
  const encoded = oncePerMessage((message: RoutedMessage): CachedMessage | Unencodable => {
    try {
      return { ...encodePayload(message), tails: {} };
    } catch (error) {
      return { error, reported: false };
    }
  });
  const cachedOf = (message: RoutedMessage, log: Logger | undefined): CachedMessage | undefined => {
    const cached = encoded(message);
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
      const last = cached.lastTopicFrame;
      if (last !== undefined && last.version === version && last.subscription === subscription) return last.frame;
      const key = `${version}\n${subscription}`;
      let frame = cached.topicFrames?.get(key);
      if (frame === undefined) {
        frame = buildTopicFrame(message, version, subscription, cached);
        if (last !== undefined) {
          cached.topicFrames ??= new Map();
          cached.topicFrames.set(key, frame);
        }
      }
      cached.lastTopicFrame = { version, subscription, frame };
      return frame;
    },
  };
}

function buildTopicFrame(
  message: RoutedMessage,
  version: StompVersion,
  subscription: string,
  cached: CachedMessage,
): OutboundFrame {
  const destination = topicDestination(message.topic);
  const messageId = topicMessageId(message.publicationId);
  const data = buildFrame(message, version, { destination, subscription, messageId }, cached);
  // A Buffer, so every socket gets the same bytes with no per-send encoding, wrapping or copy.
  const frame =
    typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { data: frame, binary: cached.body.text === undefined };
}

function buildFrame(
  message: RoutedMessage,
  version: StompVersion,
  delivery: DeliveryHeaders,
  cached: CachedMessage,
): MessageData {
  let tail = cached.tails[version];
  if (tail === undefined) {
    tail = sharedHeaders(message, cached, version);
    cached.tails[version] = tail;
  }
  return frameMessage(`MESSAGE\n${deliveryHeaders(delivery, version, cached)}${tail}`, cached.body);
}

function line(name: string, value: string, version: StompVersion): string {
  if (version === '1.0') return `${name}:${value.replace(/[\r\n]/g, ' ')}\n`;
  return `${escapeHeader(name, version)}:${escapeHeader(value, version)}\n`;
}

function destinationLine(delivery: DeliveryHeaders, version: StompVersion, cached: CachedMessage): string {
  const memo = cached.destination;
  if (memo !== undefined && memo.value === delivery.destination && memo.version === version) return memo.line;
  const fresh = line('destination', delivery.destination, version);
  cached.destination = { value: delivery.destination, version, line: fresh };
  return fresh;
}

function deliveryHeaders(delivery: DeliveryHeaders, version: StompVersion, cached: CachedMessage): string {
  let text = destinationLine(delivery, version, cached);
  // Message and ack ids are the session's own (a letter and digits): nothing to escape.
  text += `message-id:${delivery.messageId}\n`;
  text += line('subscription', delivery.subscription, version);
  if (delivery.ack !== undefined) text += `ack:${delivery.ack}\n`;
  if (delivery.redelivered) text += 'redelivered:true\n';
  return text;
}

function sharedHeaders(message: RoutedMessage, cached: OutboundBody, version: StompVersion): string {
  let text = '';
  for (const [name, value] of Object.entries(message.headers)) {
    if (!RESERVED.has(name)) text += line(version === '1.0' ? name.replace(/[\r\n:]/g, ' ') : name, value, version);
  }
  if (cached.contentType !== undefined) text += line('content-type', cached.contentType, version);
  // STOMP 1.2: content-length counts octets; always sent so bodies may hold NUL.
  return `${text}content-length:${cached.body.byteLength}\n\n`;
}
