/**
 * PUBLISH → EVENTs, and PUBLISHED when acknowledged. Advanced: publisher exclusion (`exclude_me`,
 * default true), subscriber black/white listing, publisher identification only on `disclose_me`.
 * Junction's implementation keys `_headers` (dict of strings) and `_content_type` set the routed
 * message's headers and content type, which STOMP subscribers see as MESSAGE headers.
 */
import { AuthorizationPending } from '../../../src/plugin/index.js';
import { PublishKey } from '../event-encoder.js';
import { MessageCode, type MessageOfType } from '../messages.js';
import type { Peer } from '../peer.js';
import { isReserved, isValidUri, WampUri } from '../uris.js';
import { publishOptions } from './publish-options.js';
import { readFlag, readString, readStringDict } from './read-options.js';
import { answerFailure, isRequestFailure } from './router-error.js';

export function handlePublish(peer: Peer, message: MessageOfType<'PUBLISH'>): void {
  const { request, topic, options } = message;
  // Without acknowledge, errors are silent (WAMP pub/sub).
  const acknowledge = options.acknowledge === true;
  try {
    if (!isValidUri(topic, 'exact', peer.options.strictUris) || isReserved(topic)) {
      if (acknowledge)
        peer.sendError(MessageCode.PUBLISH, request, WampUri.INVALID_URI, { args: [`invalid topic ${topic}`] });
      return;
    }
    const routing = publishOptions(options);
    const disclose = readFlag(options, 'disclose_me', false);
    // Implementation keys (WAMP MS "Extensibility"): STOMP user headers and the content type.
    const headers = readStringDict(options, PublishKey.HEADERS);
    const contentType = readString(options, PublishKey.CONTENT_TYPE);
    const input = {
      topic,
      ...(message.args && { args: message.args }),
      ...(message.kwargs && { kwargs: message.kwargs }),
      ...(headers && { headers }),
      ...(contentType !== undefined && { contentType }),
      ...(disclose && { disclosePublisher: true }),
    };
    const result = peer.router.publish(input, routing);
    if (acknowledge) peer.send({ type: 'PUBLISHED', request, publication: result.publicationId });
  } catch (error) {
    // A refusal without acknowledge is dropped silently, as every other publish error (WAMP pub/sub).
    if (acknowledge || error instanceof AuthorizationPending) answerFailure(peer, MessageCode.PUBLISH, request, error);
    else if (isRequestFailure(error)) peer.log.debug({ err: error, topic }, 'unacknowledged publish failed');
    else throw error;
  }
}
