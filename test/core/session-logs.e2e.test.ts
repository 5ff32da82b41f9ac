/**
 * What a broker logs about sessions, captured through a pino logger passed to createJunction:
 * one info line when a session opens (logs in) and one when it closes, a failed login at warn
 * without its secret, and the broker's own listening/stopped lines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { eventually } from '../helpers/eventually.js';
import { captureLogs, LEVEL, type LogLine } from '../helpers/log-capture.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, messages, openClient } from '../helpers/ws-client.js';

const SECRET = 'correct-horse-battery';

let broker: StartedJunction | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

async function start() {
  const logs = captureLogs();
  broker = await startJunction({
    protocols: [stomp(), wamp(), jsonrpc()],
    auth: { users: [{ authid: 'ann', secret: SECRET }] },
    logger: logs.logger,
  });
  return { broker, lines: logs.lines };
}

const connectFrame = (login: string, passcode: string) =>
  `CONNECT\naccept-version:1.2\nhost:realm1\nlogin:${login}\npasscode:${passcode}\n\n\0`;

const find = (lines: LogLine[], msg: string) => lines.filter((line) => line.msg === msg);

describe('session log lines', () => {
  it('logs a session opened and closed with protocol, realm, authid, remote, duration and close code', async () => {
    const { broker, lines } = await start();
    const ws = await openClient(broker.url, 'v12.stomp');
    const inbox = messages(ws);
    ws.send(connectFrame('ann', SECRET));
    expect(await inbox.next()).toMatch(/^CONNECTED/);
    ws.close(1000);
    await eventually(() => find(lines, 'session closed').length === 1);
    const [opened] = find(lines, 'session opened');
    expect(opened).toMatchObject({ level: LEVEL.info, protocol: 'stomp', realm: 'realm1', authid: 'ann' });
    expect(opened?.remote).toMatch(/127\.0\.0\.1/);
    const [closedLine] = find(lines, 'session closed');
    expect(closedLine).toMatchObject({
      level: LEVEL.info,
      protocol: 'stomp',
      realm: 'realm1',
      authid: 'ann',
      code: 1000,
      session: opened?.session,
    });
    expect(closedLine?.remote).toBe(opened?.remote);
    expect(typeof closedLine?.durationMs).toBe('number');
  });

  it('logs a session that never logged in as closed, with its close code', async () => {
    const { broker, lines } = await start();
    const ws = await openClient(broker.url, 'wamp.2.json');
    ws.close(4000);
    await eventually(() => find(lines, 'session closed').length === 1);
    expect(find(lines, 'session opened')).toHaveLength(0);
    expect(find(lines, 'session closed')[0]).toMatchObject({ protocol: 'wamp', code: 4000 });
  });

  it('logs a failed login at warn with the authid and address, never the secret', async () => {
    const { broker, lines } = await start();
    const ws = await openClient(broker.url, 'v12.stomp');
    const inbox = messages(ws);
    ws.send(connectFrame('ann', 'wrong-horse-battery'));
    expect(await inbox.next()).toMatch(/^ERROR/);
    await closed(ws);
    await eventually(() => find(lines, 'session closed').length === 1);
    const failures = find(lines, 'login failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: LEVEL.warn, protocol: 'stomp', authid: 'ann', method: 'password' });
    expect(failures[0]?.remote).toMatch(/127\.0\.0\.1/);
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain('wrong-horse-battery');
    expect(everything).not.toContain(SECRET);
  });

  it('logs failed logins of WAMP and JSON-RPC clients the same way', async () => {
    const { broker, lines } = await start();
    const wampClient = await openClient(broker.url, 'wamp.2.json');
    const wampInbox = messages(wampClient);
    wampClient.send(JSON.stringify([1, 'realm1', { roles: { caller: {} }, authmethods: ['ticket'], authid: 'ann' }]));
    expect(JSON.parse(await wampInbox.next())[0]).toBe(4); // CHALLENGE
    wampClient.send(JSON.stringify([5, 'not-the-ticket', {}]));
    expect(JSON.parse(await wampInbox.next())[0]).toBe(3); // ABORT
    await eventually(() => find(lines, 'login failed').length === 1);
    expect(find(lines, 'login failed')[0]).toMatchObject({ level: LEVEL.warn, protocol: 'wamp', authid: 'ann' });
    wampClient.close();
    const rpcClient = await openClient(broker.url);
    const rpcInbox = messages(rpcClient);
    rpcClient.send(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'login', params: { authid: 'ann', secret: 'not-it' } }),
    );
    expect(JSON.parse(await rpcInbox.next())).toMatchObject({ id: 1, error: {} });
    await eventually(() => find(lines, 'login failed').length === 2);
    expect(find(lines, 'login failed')[1]).toMatchObject({ level: LEVEL.warn, protocol: 'jsonrpc', authid: 'ann' });
    expect(JSON.stringify(lines)).not.toContain('not-the-ticket');
    expect(JSON.stringify(lines)).not.toContain('not-it');
    rpcClient.close();
  });

  it('logs junction listening and junction stopped', async () => {
    const { broker, lines } = await start();
    expect(find(lines, 'junction listening')[0]).toMatchObject({ level: LEVEL.info, url: broker.url });
    await broker.close();
    expect(lines.at(-1)).toMatchObject({ level: LEVEL.info, msg: 'junction stopped' });
  });
});
