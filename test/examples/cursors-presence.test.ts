import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PresenceSnapshot } from '../../examples/cursors/presence.js';
import { type StartedCursors, startCursors } from '../../examples/cursors/server.js';
import { type OpenSession, openSession } from '../protocols/wamp/autobahn-client.js';

const cursor = (userId: string, line: number, column: number) => ({
  type: 'cursor',
  userId,
  name: userId,
  color: '#123456',
  line,
  column,
});

/** A STOMP client on a bare socket, so the test can drop it the way a crashed tab does: no DISCONNECT, no close frame. */
async function stompSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, 'v12.stomp');
  await once(socket, 'open');
  socket.send('CONNECT\naccept-version:1.2\nhost:/\n\n\0');
  await once(socket, 'message');
  return socket;
}

/** A WAMP client on a bare socket, joined to realm1 (HELLO, WELCOME), for the same reason. */
async function wampSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, 'wamp.2.json');
  await once(socket, 'open');
  socket.send(JSON.stringify([1, 'realm1', { roles: { publisher: {} } }]));
  const [welcome] = await once(socket, 'message');
  expect(JSON.parse(String(welcome))[0]).toBe(2);
  return socket;
}

const stompSend = (socket: WebSocket, doc: string, body: unknown): void => {
  const json = JSON.stringify(body);
  socket.send(`SEND\ndestination:/topic/cursors.${doc}\ncontent-type:application/json\n\n${json}\0`);
};

describe('examples/cursors presence (server side)', () => {
  let server: StartedCursors;
  let observer: OpenSession;
  const snapshots: PresenceSnapshot[] = [];
  const last = () => snapshots.at(-1);

  beforeAll(async () => {
    server = await startCursors({ port: 0, logger: 'silent' });
    observer = await openSession(`ws://127.0.0.1:${server.port}`, 'json');
    await observer.session.subscribe('cursors.doc.presence', (args) => snapshots.push(args[0] as PresenceSnapshot));
  });
  afterAll(async () => {
    await observer?.close().catch(() => undefined);
    await server?.close();
  });

  it('adds a STOMP client on its first message, with the protocol the broker saw and its cursor', async () => {
    const socket = await stompSocket(`ws://127.0.0.1:${server.port}`);
    stompSend(socket, 'doc', cursor('ann', 2, 7));
    await expect.poll(() => last()?.users.map((u) => u.userId)).toEqual(['ann']);
    expect(last()?.users[0]).toMatchObject({ userId: 'ann', protocol: 'stomp', line: 2, column: 7 });
    socket.terminate();
    await expect.poll(() => last()?.users).toEqual([]);
  });

  it('removes a WAMP client whose socket is dropped without GOODBYE', async () => {
    const bob = await wampSocket(`ws://127.0.0.1:${server.port}`);
    bob.send(JSON.stringify([16, 1, {}, 'cursors.doc', [cursor('bob', 0, 1)]])); // PUBLISH
    await expect.poll(() => last()?.users.map((u) => `${u.userId}/${u.protocol}`)).toEqual(['bob/wamp']);
    bob.terminate();
    await expect.poll(() => last()?.users).toEqual([]);
  });

  it('ignores messages from code and messages of the wrong shape', async () => {
    const before = snapshots.length;
    server.junction.publish('cursors.doc', cursor('from-code', 0, 0));
    const socket = await stompSocket(`ws://127.0.0.1:${server.port}`);
    stompSend(socket, 'doc', { type: 'cursor', name: 'no user id' });
    stompSend(socket, 'doc', 'a plain string');
    stompSend(socket, 'doc', cursor('carol', 1, 1));
    await expect.poll(() => last()?.users.map((u) => u.userId)).toEqual(['carol']);
    expect(snapshots.length).toBe(before + 1);
    socket.terminate();
    await expect.poll(() => last()?.users).toEqual([]);
  });

  it('gives a newcomer the latest text and the cursors of those present', async () => {
    const socket = await stompSocket(`ws://127.0.0.1:${server.port}`);
    stompSend(socket, 'doc', { ...cursor('dan', 0, 0), type: 'text', text: 'hello\nworld' });
    stompSend(socket, 'doc', cursor('dan', 1, 3));
    await expect.poll(() => last()?.users.map((u) => u.userId)).toEqual(['dan']);
    const eve = await openSession(`ws://127.0.0.1:${server.port}`, 'json');
    await eve.session.publish('cursors.doc', [cursor('eve', 0, 0)], {}, { acknowledge: true });
    await expect.poll(() => last()?.users.length).toBe(2);
    expect(last()).toMatchObject({
      text: 'hello\nworld',
      users: [{ userId: 'dan', line: 1, column: 3 }, { userId: 'eve' }],
    });
    socket.terminate();
    await eve.close();
    await expect.poll(() => last()?.users).toEqual([]);
  });
});
