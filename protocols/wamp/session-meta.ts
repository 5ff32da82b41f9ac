/**
 * The session meta procedures (`wamp.session.count`, `.list`, `.get`; WAMP Advanced Profile,
 * Session Meta API) over the sessions of the whole broker. On one node they answer at once; on
 * several, `count` and `list` ask every node (docs/cluster.md "Sessions across nodes"), and `get`
 * asks the cluster only when the session is not on this node.
 */
import { RouterError, type SessionInfo } from '../../src/plugin/index.js';
import { WampUri } from './uris.js';

/** What `wamp.session.get` and `wamp.session.on_join` describe a session with. */
export function sessionDetails(info: SessionInfo): Record<string, unknown> {
  return { session: info.id, authid: info.authid, authrole: info.authrole, realm: info.realm, protocol: info.protocol };
}

type SessionHandler = (sessions: readonly SessionInfo[], args: readonly unknown[]) => unknown;

/** `wamp.session.count([authroles])` and `.list([authroles])` filter by role when given a list. */
function roleFilter(args: readonly unknown[]): (info: SessionInfo) => boolean {
  const roles = Array.isArray(args[0]) ? (args[0] as unknown[]) : undefined;
  return (info) => roles === undefined || roles.includes(info.authrole);
}

function getSession(sessions: readonly SessionInfo[], args: readonly unknown[]): Record<string, unknown> {
  const info = sessions.find((s) => s.id === args[0]);
  if (info === undefined) throw new RouterError(WampUri.NO_SUCH_SESSION, WampUri.NO_SUCH_SESSION);
  return sessionDetails(info);
}

const SESSION_HANDLERS: Readonly<Record<string, SessionHandler>> = {
  'wamp.session.count': (sessions, args) => sessions.filter(roleFilter(args)).length,
  'wamp.session.list': (sessions, args) => sessions.filter(roleFilter(args)).map((s) => s.id),
  'wamp.session.get': getSession,
};

/** Whether `procedure` is one of the session meta procedures answered here. */
export function isSessionProcedure(procedure: string): boolean {
  return Object.hasOwn(SESSION_HANDLERS, procedure);
}

/**
 * Answers a session meta procedure: the value at once when the broker is one node (or this node
 * has the answer), else a promise of it, settled once every node replied (or the engine's query
 * timeout passed). Throws, or rejects, `wamp.error.no_such_session` for an unknown session.
 */
export function answerSessionMeta(
  procedure: string,
  args: readonly unknown[],
  local: readonly SessionInfo[],
  everywhere: () => readonly SessionInfo[] | Promise<readonly SessionInfo[]>,
): unknown | Promise<unknown> {
  const handler = SESSION_HANDLERS[procedure];
  if (handler === undefined) throw new TypeError(`${procedure} is not a session meta procedure`);
  if (procedure === 'wamp.session.get' && local.some((s) => s.id === args[0])) return handler(local, args);
  const sessions = everywhere();
  return sessions instanceof Promise ? sessions.then((all) => handler(all, args)) : handler(sessions, args);
}
