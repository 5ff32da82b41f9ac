/**
 * issue 11, "Logins can be probed", over real sockets for every protocol: an unknown user is
 * refused in the same words as a wrong password, and once an address is over its failures per
 * minute its further failed attempts are delayed (doubling) and counted in /metrics. The timing
 * side (same cost within 20 %) is test/core/auth.test.ts; the WAMP-CRA side is
 * test/protocols/wamp/auth.autobahn.e2e.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { header } from '../../protocols/stomp/frame.js';
import { listenStompTcp, type StompTcpServer, stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { frame, rawClient } from '../protocols/stomp/raw-client.js';
import { tcpClient } from '../protocols/stomp/tcp-client.js';
import { openSession } from '../protocols/wamp/autobahn-client.js';

/** Failures allowed per minute before the throttle delays, and its first delay. */
const ALLOWED = 2;
const DELAY = 400;

let broker: StartedJunction | undefined;
let tcp: StompTcpServer | undefined;

afterEach(async () => {
  await tcp?.close();
  await broker?.close();
  tcp = undefined;
  broker = undefined;
});

async function start(): Promise<StartedJunction> {
  const plugin = stomp();
  broker = await startJunction({
    protocols: [plugin, wamp(), jsonrpc()],
    auth: { users: [{ authid: 'alice', secret: 'right-secret' }] },
    limits: { authFailuresPerMinute: ALLOWED, authFailureDelay: DELAY },
  });
  tcp = await listenStompTcp({ port: 0, acceptor: broker.junction, plugin });
  return broker;
}

/** One failed login per protocol: the refusal text the client sees. */
const attempts: Record<string, (authid: string) => Promise<string>> = {
  'STOMP over WebSocket': async (authid) => {
    const client = await rawClient(broker!.url);
    client.send(frame('CONNECT', { 'accept-version': '1.2', login: authid, passcode: 'wrong' }));
    const error = await client.next();
    await client.closed;
    return `${error.command} ${header(error, 'message')}`;
  },
  'STOMP over TCP': async (authid) => {
    const client = await tcpClient(tcp!.port);
    client.socket.write(frame('CONNECT', { 'accept-version': '1.2', login: authid, passcode: 'wrong' }));
    const [error] = await client.closed;
    return `${error?.command} ${error && header(error, 'message')}`;
  },
  'WAMP json': (authid) =>
    openSession(broker!.url, 'json', { authmethods: ['ticket'], authid, onchallenge: () => 'wrong' }).then(
      () => 'welcomed',
      (err: Error) => err.message,
    ),
  'JSON-RPC': async (authid) => {
    const peer = await jsonRpcPeer(broker!.url);
    const answer = await peer.request('login', { authid, secret: 'wrong' });
    peer.close();
    return `${answer.error?.code} ${answer.error?.message}`;
  },
};

async function failuresCounted(protocol: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${broker!.port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`junction_auth_failures_total{protocol="${protocol}"}`));
  return Number(line?.split(' ')[1] ?? 0);
}

const PROTOCOL_NAME: Record<string, string> = {
  'STOMP over WebSocket': 'stomp',
  'STOMP over TCP': 'stomp',
  'WAMP json': 'wamp',
  'JSON-RPC': 'jsonrpc',
};

describe('Logins cannot be probed (issue 11)', () => {
  for (const [name, attempt] of Object.entries(attempts)) {
    it(`[${name}] refuses an unknown user in the same words as a wrong password, then slows further failures and counts them`, async () => {
      await start();
      // STOMP echoes the login it refused (as RabbitMQ does); beyond the name the words must be equal.
      const wrongPassword = (await attempt('alice')).replace('alice', '<login>');
      const unknownUser = (await attempt('mallory')).replace('mallory', '<login>');
      expect(unknownUser).toBe(wrongPassword);
      // Over the budget: the next failure waits at least the configured delay before its answer.
      const started = performance.now();
      expect((await attempt('alice')).replace('alice', '<login>')).toBe(wrongPassword);
      expect(performance.now() - started).toBeGreaterThanOrEqual(DELAY * 0.9);
      expect(await failuresCounted(PROTOCOL_NAME[name]!)).toBe(ALLOWED + 1);
    });
  }
});
