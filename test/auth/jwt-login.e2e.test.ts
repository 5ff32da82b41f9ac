/**
 * JWT logins on every protocol (issue 11 point 3): a valid token logs in as its `sub` and `role`;
 * an expired, not-yet-valid, wrong-issuer, wrong-audience, wrongly signed or unsigned
 * (`alg: none`) token is refused like any bad credential, in the client's own protocol, and the
 * refusal never says which check failed.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { jsonrpcLogin, type Outcome, stompjsLogin, tcpStompLogin, upgradeLogin, wampLogin } from './jwt-clients.js';
import { AUDIENCE, ISSUER, type KeyFiles, makeKeyFiles, tokenKinds } from './jwt-fixtures.js';

let keys: KeyFiles;
let tokens: Awaited<ReturnType<typeof tokenKinds>>;
let broker: StartedJunction;
let tcp: StompTcpServer;

beforeAll(async () => {
  keys = await makeKeyFiles();
  tokens = await tokenKinds(keys);
  const stompPlugin = stomp();
  broker = await startJunction({
    protocols: [stompPlugin, wamp(), jsonrpc()],
    auth: { allowAnonymous: false, jwt: { jwksFile: keys.jwksFile, issuer: ISSUER, audience: AUDIENCE } },
  });
  tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin: stompPlugin });
});
afterAll(async () => {
  await tcp?.close();
  await broker?.close();
  rmSync(keys.dir, { recursive: true, force: true });
});

/** Each way of presenting a token, and the refusal its protocol renders. */
const ways: readonly { name: string; login: (token: string) => Promise<Outcome>; refusal: RegExp }[] = [
  {
    name: 'STOMP over WebSocket (stompjs, passcode)',
    login: (token) => stompjsLogin(broker.url, token),
    refusal: /^Access refused: invalid token$/,
  },
  {
    name: 'STOMP over TCP (login:token, passcode)',
    login: (token) => tcpStompLogin(tcp.port, token),
    refusal: /^Access refused for user 'token': invalid token$/,
  },
  {
    name: 'WAMP json (autobahn, ticket)',
    login: async (token) => (await wampLogin(broker.url, 'json', token)).outcome,
    refusal: /^wamp\.error\.authentication_failed$/,
  },
  {
    name: 'WAMP msgpack (autobahn, ticket)',
    login: async (token) => (await wampLogin(broker.url, 'msgpack', token)).outcome,
    refusal: /^wamp\.error\.authentication_failed$/,
  },
  {
    name: 'JSON-RPC (login {token})',
    login: async (token) => {
      const { peer, ...outcome } = await jsonrpcLogin(broker.url, token);
      if (!outcome.ok) peer.close();
      return outcome as Outcome;
    },
    refusal: /^-32004 authentication failed: invalid token$/,
  },
  {
    name: 'the upgrade (Authorization: Bearer)',
    login: (token) => upgradeLogin(broker.url, token, 'bearer'),
    refusal: /^HTTP 401$/,
  },
  {
    name: 'the upgrade (?token=)',
    login: (token) => upgradeLogin(broker.url, token, 'query'),
    refusal: /^HTTP 401$/,
  },
];

const refusedKinds = ['expired', 'not yet valid', 'wrong issuer', 'wrong audience', 'wrong signature', 'alg none'];

describe.each(ways)('JWT on $name', ({ login, refusal }) => {
  it('logs in with a valid token as its sub (and role, where the protocol tells)', async () => {
    const outcome = await login(tokens.valid);
    expect(outcome).toMatchObject({ ok: true, authid: 'alice' });
    if (outcome.ok && outcome.authrole !== undefined) expect(outcome.authrole).toBe('editor');
    if (outcome.ok) await outcome.close();
  });

  it.each(refusedKinds)('refuses a token that is %s, saying only that it is invalid', async (kind) => {
    const outcome = await login(tokens.refused[kind] as string);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.refusal).toMatch(refusal);
  });
});

describe('JWT next to the other credentials', () => {
  it('refuses a WAMP client whose authid is not the token subject', async () => {
    const { outcome } = await wampLogin(broker.url, 'json', tokens.valid, 'mallory');
    expect(outcome).toEqual({ ok: false, refusal: 'wamp.error.authentication_failed' });
  });
});
