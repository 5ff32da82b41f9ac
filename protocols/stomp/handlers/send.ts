/**
 * SEND (STOMP 1.2 §SEND): publishes to a topic, enqueues to a queue, replies to a temp queue, or
 * calls a procedure for `/rpc/<procedure>` with the result going to `reply-to`.
 */
import { authorizeSend, refuseReplyQueueInReplyTo } from '../access.js';
import type { Content } from '../content.js';
import type { StompContext } from '../context.js';
import { type Destination, parseDestination } from '../destinations.js';
import { limitError, StompError } from '../errors.js';
import { type Frame, header } from '../frame.js';
import { type DecodedPayload, decodeBody } from '../payload.js';
import { publishTo } from '../publish.js';
import { callProcedure } from './rpc.js';
import { requireDestination } from './util.js';

/**
 * SEND headers that steer the broker; all others are user headers passed through to MESSAGE. A
 * switch, not a Set: a parsed name is a fresh string, which a Set lookup would hash first.
 */
function isControlHeader(name: string): boolean {
  switch (name) {
    case 'destination':
    case 'transaction':
    case 'receipt':
    case 'content-length':
    case 'content-type':
      return true;
    default:
      return false;
  }
}

/** The user headers of a SEND that has none: shared, never written to. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export function handleSend(context: StompContext, frame: Frame): void {
  const destination = requireDestination(frame);
  // issue 11: asked first, before anything changes, in a transaction too (the refusal comes at the SEND).
  authorizeSend(context, destination);
  const decoded = decodeBody(frame.body, header(frame, 'content-type'), context.maxDepth);
  if ('error' in decoded) {
    throw decoded.tooDeep ? limitError('maxDepth', context.maxDepth, decoded.error) : new StompError(decoded.error);
  }
  const input = contentOf(decoded, userHeaders(context, frame));
  const authorize = () => authorizeSend(context, destination);
  context.transactions.applyOrDefer(frame, actionFor(context, destination, input, frame), authorize);
}

/** The body's payload with the user headers, its fields set one by one (no spread: publish.ts `addressed`). */
function contentOf(decoded: DecodedPayload, headers: Readonly<Record<string, string>>): Content {
  const content: { -readonly [K in keyof Content]: Content[K] } = { headers };
  if (decoded.args !== undefined) content.args = decoded.args;
  if (decoded.contentType !== undefined) content.contentType = decoded.contentType;
  return content;
}

function actionFor(context: StompContext, destination: Destination, input: Content, frame: Frame): () => void {
  if (destination.kind === 'temp-queue') {
    throw new StompError('A /temp-queue/ destination is only valid in reply-to or SUBSCRIBE');
  }
  if (destination.kind !== 'rpc') return () => publishTo(context, destination, input);
  const replyTo = header(frame, 'reply-to');
  if (replyTo === undefined) throw new StompError('SEND to /rpc/ requires a reply-to header');
  const reply = parseDestination(replyTo);
  if ('error' in reply) throw new StompError(reply.error);
  // issue 11: a result goes only to the caller's own temp queue, never to a queue it names of someone else.
  if (reply.kind !== 'temp-queue') throw new StompError('SEND to /rpc/ needs reply-to: /temp-queue/<name> (its own)');
  const correlationId = header(frame, 'correlation-id');
  const envelope = header(frame, 'envelope') === 'true';
  return () => callProcedure(context, destination.procedure, input, reply, correlationId, envelope);
}

/** User headers, with `reply-to: /temp-queue/x` rewritten to the session's reply queue. */
function userHeaders(context: StompContext, frame: Frame): Readonly<Record<string, string>> {
  // Made at the first user header: most SENDs have none (issue 13, many-to-many).
  let headers: Record<string, string> | undefined;
  for (const [name, value] of frame.headers) {
    if (isControlHeader(name)) continue;
    headers ??= {};
    // STOMP 1.2: the first occurrence of a repeated header wins.
    if (!Object.hasOwn(headers, name)) headers[name] = value;
  }
  if (headers === undefined) return NO_HEADERS;
  const replyTo = headers['reply-to'];
  if (replyTo !== undefined) {
    const parsed = parseDestination(replyTo);
    if ('error' in parsed) return headers;
    // issue 11: `reply-to` may name only the sender's own temp queue, never another's reply path.
    refuseReplyQueueInReplyTo(parsed);
    if (parsed.kind === 'temp-queue') headers['reply-to'] = context.tempQueues.replyTo(parsed.name);
  }
  return headers;
}
