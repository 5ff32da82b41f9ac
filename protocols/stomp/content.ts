/**
 * What a SEND or an /rpc/ reply carries, and the same addressed to a router topic or queue: built
 * field by field, as the router's own messages are (issue 13, many-to-many).
 */
import type { EnqueueInput, PublishInput } from '../../src/plugin/index.js';

/** What a SEND or an /rpc/ reply carries, wherever it goes: a publish without its topic. */
export type Content = Omit<PublishInput, 'topic'>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `content` addressed to `topic` (or a queue), its fields copied one by one; what it lacks stays
 * absent. Not an object spread: Node 20 took about 0.5 µs for one here, a tenth of a whole
 * many-to-many SEND (issue 13).
 */
export function addressed(content: Content, topic: string): Mutable<EnqueueInput> {
  const input: Mutable<EnqueueInput> = { topic };
  if (content.args !== undefined) input.args = content.args;
  if (content.kwargs !== undefined) input.kwargs = content.kwargs;
  if (content.contentType !== undefined) input.contentType = content.contentType;
  if (content.headers !== undefined) input.headers = content.headers;
  if (content.disclosePublisher !== undefined) input.disclosePublisher = content.disclosePublisher;
  return input;
}
