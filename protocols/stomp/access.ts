/**
 * Authorization of STOMP frames (issue 11): the action and router URI a destination stands for,
 * asked before a handler changes anything, so a frame the `authorize` hook is still deciding can
 * simply run again once it decided (the session waits for it), and a SEND in a transaction is
 * refused at the SEND rather than halfway through its COMMIT.
 *
 * | frame                          | action    | URI                                   |
 * |--------------------------------|-----------|---------------------------------------|
 * | SEND /topic/a.b, /queue/a.b    | publish   | `a.b`                                 |
 * | SUBSCRIBE /topic/a.*           | subscribe | `a.*` (wildcard)                      |
 * | SUBSCRIBE /queue/a.b           | subscribe | `a.b`                                 |
 * | SEND /rpc/a.b                  | call      | `a.b`                                 |
 * | SEND /reply-queue/<id>         | publish   | `junction.reply.<id>`: allowed by name |
 */
import { type Action, AuthorizationPending, type MatchPolicy, REPLY_PATH_PREFIX } from '../../src/plugin/index.js';
import type { StompContext } from './context.js';
import { type Destination, isReplyPath } from './destinations.js';
import { accessDenied } from './errors.js';

/** Checks the SEND of a message to `destination`; throws the refusal, or AuthorizationPending. */
export function authorizeSend(context: StompContext, destination: Destination): void {
  const needed = sendPermission(destination);
  if (needed !== undefined) ask(context, needed[0], needed[1], 'exact');
}

/** What a SEND to `destination` does, in router terms; undefined for a temp queue (refused elsewhere). */
function sendPermission(destination: Destination): [Action, string] | undefined {
  switch (destination.kind) {
    case 'topic':
      // STOMP answers through /reply-queue/, which only takes reply paths' names; this spelling
      // would let a client publish to any name in `junction.reply.` (a session id, an old form).
      if (destination.topic.startsWith(REPLY_PATH_PREFIX)) {
        throw accessDenied('publish', destination.topic, 'reply with SEND to /reply-queue/');
      }
      return ['publish', destination.topic];
    case 'queue':
      return ['publish', destination.queue];
    case 'reply-queue':
      if (!isReplyPath(destination.topic)) throw accessDenied('publish', destination.topic, 'not a reply path');
      return ['publish', destination.topic];
    case 'rpc':
      return ['call', destination.procedure];
    default:
      return undefined;
  }
}

/** Checks a SUBSCRIBE; a session's own temp queue needs no permission. */
export function authorizeSubscribe(context: StompContext, destination: Destination): void {
  if (destination.kind === 'topic') ask(context, 'subscribe', destination.topic, destination.match);
  else if (destination.kind === 'queue') ask(context, 'subscribe', destination.queue, 'exact');
}

/** A `reply-to` may name only the sender's own /temp-queue/: naming a reply queue would aim a reply at another session. */
export function refuseReplyQueueInReplyTo(destination: Destination): void {
  if (destination.kind === 'reply-queue') {
    throw accessDenied('publish', destination.topic, 'reply-to may name only your own /temp-queue/');
  }
}

/** Allowed: returns. Refused: throws. The hook still deciding: AuthorizationPending, whose `decided` rejects on refusal. */
function ask(context: StompContext, action: Action, uri: string, match: MatchPolicy): void {
  const decided = context.router.authorize(action, uri, match);
  if (decided !== undefined) throw new AuthorizationPending(action, uri, decided);
}
