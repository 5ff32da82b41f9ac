/**
 * SEND (STOMP 1.2 §SEND): publishes to a topic, enqueues to a queue, replies to a temp queue, or
 * calls a procedure for `/rpc/<procedure>` with the result going to `reply-to`.
 */
import type { PublishInput } from '../../../src/plugin/index.js';
import { authorizeSend, refuseReplyQueueInReplyTo } from '../access.js';
import type { StompContext } from '../context.js';
import { type Destination, parseDestination } from '../destinations.js';
import { limitError, StompError } from '../errors.js';
import { type Frame, header } from '../frame.js';
import { decodeBody } from '../payload.js';
import { publishTo } from '../publish.js';
import { callProcedure } from './rpc.js';
import { requireDestination } from './util.js';

/** SEND headers that steer the broker; all others are user headers passed through to MESSAGE. */
const CONTROL = new Set(['destination', 'transaction', 'receipt', 'content-length', 'content-type']);

export function handleSend(context: StompContext, frame: Frame): void {
  const destination = requireDestination(frame);
  // issue 11: asked first, before anything changes, in a transaction too (the refusal comes at the SEND).
  authorizeSend(context, destination);
  const decoded = decodeBody(frame.body, header(frame, 'content-type'), context.maxDepth);
  if ('error' in decoded) {
    throw decoded.tooDeep ? limitError('maxDepth', context.maxDepth, decoded.error) : new StompError(decoded.error);
  }
  const input: Omit<PublishInput, 'topic'> = { ...decoded, headers: userHeaders(context, frame) };
  const authorize = () => authorizeSend(context, destination);
  context.transactions.applyOrDefer(frame, actionFor(context, destination, input, frame), authorize);
}

function actionFor(
  context: StompContext,
  destination: Destination,
  input: Omit<PublishInput, 'topic'>,
  frame: Frame,
): () => void {
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
function userHeaders(context: StompContext, frame: Frame): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of frame.headers) {
    // STOMP 1.2: the first occurrence of a repeated header wins.
    if (CONTROL.has(name) || Object.hasOwn(headers, name)) continue;
    headers[name] = value;
  }
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
