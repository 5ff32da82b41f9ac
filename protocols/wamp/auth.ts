/**
 * WAMP authentication helpers: method selection, and WAMP-CRA (challenge-response with
 * HMAC-SHA256, the key optionally derived with PBKDF2 as autobahn does).
 */
import { createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthMethod, WampCraUser } from './options.js';

/** The first method the client offers that the router accepts (client order, WAMP auth). */
export function selectAuthMethod(offered: unknown, accepted: readonly AuthMethod[]): AuthMethod | undefined {
  const methods = Array.isArray(offered) ? offered : ['anonymous'];
  return methods.find((method): method is AuthMethod => accepted.includes(method as AuthMethod));
}

/** The CHALLENGE text: a JSON string the client signs (WAMP-CRA). */
export function craChallenge(sessionId: number, authid: string, authrole: string): string {
  return JSON.stringify({
    authid,
    authrole,
    authmethod: 'wampcra',
    authprovider: 'junction',
    nonce: randomBytes(16).toString('base64'),
    timestamp: new Date().toISOString(),
    session: sessionId,
  });
}

/** A secret no client has: what a stand-in user for an unknown authid is keyed with. */
const NOBODYS_SECRET = randomBytes(32).toString('base64');
/** Keys the stand-in salts, so an unknown authid gets the same salt every time, as a real one does. */
const STAND_IN_SALT_KEY = randomBytes(32);

/**
 * The WAMP-CRA user `authid` names, looked up as an own property only (an authid `constructor` or
 * `__proto__` is no user). An unknown authid gets a stand-in that is challenged like a real user
 * (salted like the configured users, with a salt stable per authid) and that no signature
 * matches, so CHALLENGE and the failure at AUTHENTICATE look the same for known and unknown users.
 */
export function craUser(users: Readonly<Record<string, WampCraUser>> | undefined, authid: string): WampCraUser {
  if (users !== undefined && Object.hasOwn(users, authid)) return users[authid] as WampCraUser;
  const salted = Object.values(users ?? {}).find((user) => user.salt !== undefined);
  if (salted === undefined) return { secret: NOBODYS_SECRET };
  const salt = createHmac('sha256', STAND_IN_SALT_KEY).update(authid).digest('base64').slice(0, salted.salt?.length);
  return { secret: NOBODYS_SECRET, salt, iterations: salted.iterations ?? 1000, keylen: salted.keylen ?? 32 };
}

/** CHALLENGE.Extra for a user: the challenge, plus key derivation parameters when salted. */
export function craExtra(user: WampCraUser, challenge: string): Record<string, unknown> {
  if (user.salt === undefined) return { challenge };
  return { challenge, salt: user.salt, iterations: user.iterations ?? 1000, keylen: user.keylen ?? 32 };
}

function craKey(user: WampCraUser): string {
  if (user.salt === undefined) return user.secret;
  return pbkdf2Sync(user.secret, user.salt, user.iterations ?? 1000, user.keylen ?? 32, 'sha256').toString('base64');
}

/** Whether `signature` is the HMAC-SHA256 (base64) of `challenge` under the user's key. */
export function verifyCra(user: WampCraUser, challenge: string, signature: string): boolean {
  const expected = createHmac('sha256', craKey(user)).update(challenge).digest();
  const actual = Buffer.from(signature, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
