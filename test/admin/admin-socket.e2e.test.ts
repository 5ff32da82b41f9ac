import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { MAX_PENDING_ADMIN_SOCKETS } from '../../src/server/admin-socket.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, messages, openClient, refusedUpgrade } from '../helpers/ws-client.js';
import { rawClient as stompClient } from '../protocols/stomp/raw-client.js';
import { adminRequest, basic } from './admin-client.js';

const TOKEN = 'admin-socket-token-0123456789';
const SECRET = 'very-secret-password';

let broker: StartedJunction;
let adminUrl: string;
const logLines: string[] = [];

/** A JSON-RPC request on the admin socket and its answer. */
async function rpc(ws: Awaited<ReturnType<typeof openClient>>, inbox: ReturnType<typeof messages>, body: object) {
  ws.send(JSON.stringify({ jsonrpc: '2.0', ...body }));
  return JSON.parse(await inbox.next()) as { id: unknown; result?: unknown; error?: { code: number; message: string } };
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  broker = await startJunction({
    protocols: [stomp(), jsonrpc()],
    logger: pino({ level: 'debug' }, sink),
    admin: { users: [{ authid: 'root', secret: SECRET }], tokens: [{ authid: 'ci', token: TOKEN }] },
    auth: { users: [{ authid: 'ann', secret: 'annpw', authrole: 'user' }] },
    // Long enough for three scrypt logins on a busy machine, short enough for the timeout test.
    limits: { handshakeTimeout: 3000 },
  });
  adminUrl = `${broker.url}/admin/ws`;
});

afterAll(async () => {
  await broker.close();
});

describe('the admin socket (JSON-RPC at /admin/ws)', () => {
  it('answers every method once logged in with ?token=', async () => {
    const stompPeer = await stompClient(broker.url);
    await stompPeer.connect();
    const ws = await openClient(`${adminUrl}?token=${TOKEN}`);
    const inbox = messages(ws);
    const snapshot = await rpc(ws, inbox, { id: 1, method: 'snapshot' });
    expect(snapshot.result).toMatchObject({
      stats: { sessions: 1 },
      sessions: { items: [expect.objectContaining({ protocol: 'stomp' })], truncated: 0 },
      realms: { items: [expect.objectContaining({ name: 'realm1', sessions: 1 })] },
    });
    for (const method of ['sessions', 'topics', 'queues', 'procedures', 'realms', 'stats']) {
      expect((await rpc(ws, inbox, { id: method, method })).result).toBeDefined();
    }
    const published = await rpc(ws, inbox, { id: 2, method: 'publish', params: { topic: 'news', payload: 'hi' } });
    expect(published.result).toMatchObject({ topic: 'news', delivered: 0 });
    expect((await rpc(ws, inbox, { id: 3, method: 'purge', params: { queue: 'nothing' } })).result).toMatchObject({
      purged: 0,
    });
    const id = (snapshot.result as { sessions: { items: { id: number }[] } }).sessions.items[0]!.id;
    expect((await rpc(ws, inbox, { id: 4, method: 'kill', params: { id } })).result).toEqual({ killed: id });
    expect(await stompPeer.closed).toBe(1008);
    ws.close();
  });

  it('requires a login first, and logs in with a user and password', async () => {
    const ws = await openClient(adminUrl);
    const inbox = messages(ws);
    expect((await rpc(ws, inbox, { id: 1, method: 'sessions' })).error?.code).toBe(-32001);
    const refused = await rpc(ws, inbox, { id: 2, method: 'login', params: { authid: 'root', secret: 'wrong' } });
    expect(refused.error?.code).toBe(-32004);
    const notAdmin = await rpc(ws, inbox, { id: 3, method: 'login', params: { authid: 'ann', secret: 'annpw' } });
    expect(notAdmin.error?.code).toBe(-32005);
    const login = await rpc(ws, inbox, { id: 4, method: 'login', params: { authid: 'root', secret: SECRET } });
    expect(login.result).toEqual({ authid: 'root', authrole: 'admin' });
    expect((await rpc(ws, inbox, { id: 5, method: 'realms' })).result).toBeDefined();
    ws.close();
  });

  it('answers bad requests in JSON-RPC terms and notifications not at all', async () => {
    const ws = await openClient(`${adminUrl}?token=${TOKEN}`);
    const inbox = messages(ws);
    ws.send('{not json');
    expect(JSON.parse(await inbox.next()).error.code).toBe(-32700);
    expect((await rpc(ws, inbox, { id: 1, method: 'nope' })).error?.code).toBe(-32601);
    expect((await rpc(ws, inbox, { id: 2, method: 'kill', params: { id: 'x' } })).error?.code).toBe(-32602);
    expect((await rpc(ws, inbox, { id: 3, method: 'kill', params: { id: 42 } })).error?.code).toBe(-32000);
    expect((await rpc(ws, inbox, { id: 4, method: 'sessions', params: [1] })).error?.code).toBe(-32602);
    ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'nope' }));
    expect((await rpc(ws, inbox, { id: 5, method: 'stats' })).id).toBe(5);
    ws.close();
  });

  it('closes a socket that does not log in within the login time', async () => {
    const ws = await openClient(adminUrl);
    expect(await closed(ws)).toEqual({ code: 1008, reason: 'login timeout' });
  });

  it('bounds the sockets waiting for a login, and a login frees a place', async () => {
    const waiting = await Promise.all(Array.from({ length: MAX_PENDING_ADMIN_SOCKETS }, () => openClient(adminUrl)));
    expect((await refusedUpgrade(adminUrl, {})).status).toBe(503);
    // A socket with credentials at the upgrade never waits for a login, so it is not bounded.
    const withToken = await openClient(`${adminUrl}?token=${TOKEN}`);
    const first = waiting[0]!;
    const inbox = messages(first);
    expect((await rpc(first, inbox, { id: 1, method: 'login', params: { token: TOKEN } })).result).toEqual({
      authid: 'ci',
      authrole: 'admin',
    });
    const next = await openClient(adminUrl);
    for (const ws of [...waiting, withToken, next]) ws.close();
  });

  it('never writes a secret to the logs', async () => {
    await adminRequest(broker.url, '/admin/api/stats', { authorization: basic('root', 'not-the-password') });
    await adminRequest(broker.url, '/admin/api/stats', { authorization: basic('root', SECRET) });
    await adminRequest(broker.url, '/admin/api/stats', { authorization: basic('ann', 'annpw') });
    const logs = logLines.join('');
    expect(logs).toContain('admin login refused');
    for (const secret of [SECRET, 'not-the-password', 'annpw', TOKEN]) expect(logs).not.toContain(secret);
  });
});
