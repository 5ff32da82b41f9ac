/**
 * Issue 11, the "Why" bullets that hold without any permissions configured, for STOMP clients over
 * WebSocket and over TCP: reply paths cannot be forged from a session id, the reserved namespaces
 * are closed to clients, and an identity cannot be claimed without its credentials. Every refusal
 * is STOMP's own: ERROR `message:access denied` naming the action and the URI, then the close.
 */
import { Client } from '@stomp/stompjs';
import type { Session } from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { header } from '../../protocols/stomp/frame.js';
import { bodyText, frame } from '../protocols/stomp/raw-client.js';
import { pythonStompReady, stompPy } from '../protocols/stomp/stomp-py.js';
import { connectStompjs } from '../protocols/stomp/stompjs-client.js';
import { eventually, type OpenSession, openSession } from '../protocols/wamp/autobahn-client.js';
import {
  connectedPeer,
  expectAccessDenied,
  openPeer,
  type StompBroker,
  type StompPeer,
  startStompBroker,
  TRANSPORTS,
} from './stomp-peers.js';

let target: StompBroker;
/** Releases the pending `demo.slow` calls, with the result each caller must get. */
const releases: (() => void)[] = [];

beforeAll(async () => {
  target = await startStompBroker({ auth: { users: [{ authid: 'alice', secret: 'alice-secret' }] } });
  target.broker.junction.register(
    'demo.slow',
    () => new Promise((resolve) => releases.push(() => resolve('the real result'))),
  );
});
afterAll(async () => {
  await target.close();
});

/** The requester: subscribed to nothing, it receives only what reaches its temp queue. */
async function requester(transport: (typeof TRANSPORTS)[number]): Promise<{ peer: StompPeer; session: string }> {
  const { peer, connected } = await connectedPeer(target, transport);
  return { peer, session: header(connected, 'session') as string };
}

describe.each(TRANSPORTS)('Why: RPC replies can be forged (STOMP over %s)', (transport) => {
  it('refuses SEND to /reply-queue/<session>.<name> (the old reply path) as access denied; the caller gets only its result', async () => {
    const victim = await requester(transport);
    const pending = releases.length;
    victim.peer.send(frame('SEND', { destination: '/rpc/demo.slow', 'reply-to': '/temp-queue/x' }, '"hi"'));
    await eventually(() => releases.length > pending);
    const { peer: attacker } = await connectedPeer(target, transport);
    attacker.send(
      frame('SEND', { destination: `/reply-queue/${victim.session}.x`, 'correlation-id': 'c1' }, 'forged result'),
    );
    await expectAccessDenied(attacker, 'publish', `junction.reply.${victim.session}.x`);
    releases.at(-1)?.();
    const reply = await victim.peer.next();
    expect([reply.command, header(reply, 'destination'), bodyText(reply)]).toEqual([
      'MESSAGE',
      '/temp-queue/x',
      'the real result',
    ]);
    await victim.peer.barrier();
    expect(victim.peer.queued).toEqual([]);
    victim.peer.close();
  });

  it('refuses SEND to /topic/junction.reply.<session>.<name> as access denied', async () => {
    const victim = await requester(transport);
    victim.peer.send(frame('SUBSCRIBE', { id: 'x', destination: '/temp-queue/x', receipt: 'subscribed' }));
    await victim.peer.receipt('subscribed');
    const { peer: attacker } = await connectedPeer(target, transport);
    const forged = `junction.reply.${victim.session}.x`;
    attacker.send(frame('SEND', { destination: `/topic/${forged}` }, 'forged'));
    await expectAccessDenied(attacker, 'publish', forged);
    await victim.peer.barrier();
    expect(victim.peer.queued).toEqual([]);
    victim.peer.close();
  });

  it("refuses an /rpc/ SEND whose reply-to names another session's /reply-queue/; the responder still answers", async () => {
    const victim = await requester(transport);
    const { peer: responder } = await connectedPeer(target, transport);
    const { peer: attacker } = await connectedPeer(target, transport);
    for (const [peer, id] of [
      [responder, 'r'],
      [attacker, 'a'],
    ] as const) {
      peer.send(frame('SUBSCRIBE', { id, destination: '/topic/svc.requests', receipt: id }));
      await peer.receipt(id);
    }
    victim.peer.send(frame('SEND', { destination: '/topic/svc.requests', 'reply-to': '/temp-queue/x' }, 'question'));
    const replyTo = header(await responder.next(), 'reply-to') as string;
    expect(replyTo).toMatch(/^\/reply-queue\/[0-9a-f]{32}$/);
    expect(header(await attacker.next(), 'reply-to')).toBe(replyTo);
    // The attacker learned the reply path but cannot aim a call's result (its body, its headers) at it.
    attacker.send(frame('SEND', { destination: '/rpc/demo.slow', 'reply-to': replyTo }, '"forged"'));
    await expectAccessDenied(attacker, 'publish', `junction.reply.${replyTo.slice('/reply-queue/'.length)}`);
    responder.send(frame('SEND', { destination: replyTo, 'content-type': 'text/plain' }, 'answer'));
    const answer = await victim.peer.next();
    expect([header(answer, 'destination'), bodyText(answer)]).toEqual(['/temp-queue/x', 'answer']);
    await victim.peer.barrier();
    expect(victim.peer.queued).toEqual([]);
    victim.peer.close();
    responder.close();
  });
});

describe('Why: RPC replies can be forged (@stomp/stompjs over WebSocket)', () => {
  it('a stompjs responder answers through the rewritten reply-to; a forged reply is refused', async () => {
    const answers: string[] = [];
    const { client: victim, session: victimSession } = await stompjsWithSession(target.broker.url);
    const responder = await connectStompjs(target.broker.url);
    await new Promise<void>((resolve) => {
      victim.watchForReceipt('v', () => resolve());
      victim.subscribe('/temp-queue/answers', (message) => answers.push(message.body), { receipt: 'v' });
    });
    await new Promise<void>((resolve) => {
      responder.watchForReceipt('r', () => resolve());
      responder.subscribe(
        '/topic/svc.stompjs',
        (request) => responder.publish({ destination: request.headers['reply-to'] as string, body: 'pong' }),
        { receipt: 'r' },
      );
    });
    const { peer: attacker } = await connectedPeer(target, 'WebSocket');
    attacker.send(frame('SEND', { destination: `/reply-queue/${victimSession}.answers` }, 'forged'));
    await expectAccessDenied(attacker, 'publish', `junction.reply.${victimSession}.answers`);
    victim.publish({ destination: '/topic/svc.stompjs', body: 'ping', headers: { 'reply-to': '/temp-queue/answers' } });
    await eventually(() => answers.length > 0);
    expect(answers).toEqual(['pong']);
    await Promise.all([victim.deactivate(), responder.deactivate()]);
  });
});

/** A stompjs client and the session id its CONNECTED named (what an attacker may learn, from logs say). */
function stompjsWithSession(url: string): Promise<{ client: Client; session: string }> {
  return new Promise((resolve, reject) => {
    const client: Client = new Client({
      webSocketFactory: () => new WebSocket(url, ['v12.stomp']),
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      onStompError: (error) => reject(new Error(error.headers.message)),
      onConnect: (connected) => resolve({ client, session: connected.headers.session as string }),
    });
    client.activate();
  });
}

describe.each(TRANSPORTS)('Why: Reserved names are open (STOMP over %s)', (transport) => {
  let meta: OpenSession;
  const joins: Record<string, unknown>[] = [];

  beforeAll(async () => {
    meta = await openSession(target.broker.url, 'json');
    await (meta.session as Session).subscribe('wamp.session.on_join', (args) => {
      joins.push(args?.[0] as Record<string, unknown>);
    });
  });
  afterAll(async () => {
    await meta.close();
  });

  it('refuses SEND /topic/wamp.session.on_join; a WAMP meta subscriber sees only real joins', async () => {
    const { peer: attacker } = await connectedPeer(target, transport);
    const forged = JSON.stringify({ session: 1, authid: 'forged-admin', authrole: 'admin' });
    attacker.send(
      frame('SEND', { destination: '/topic/wamp.session.on_join', 'content-type': 'application/json' }, forged),
    );
    await expectAccessDenied(attacker, 'publish', 'wamp.session.on_join');
    // A real join after the refusal: once it arrived, a forged one would have arrived before it.
    const { peer: witness, connected } = await connectedPeer(target, transport);
    await eventually(() => joins.some((join) => String(join.session) === header(connected, 'session')));
    expect(joins.filter((join) => join.authid === 'forged-admin')).toEqual([]);
    witness.close();
  });

  it('refuses SEND /queue/wamp.session.on_join (a queue in the reserved namespace)', async () => {
    const { peer: attacker } = await connectedPeer(target, transport);
    attacker.send(frame('SEND', { destination: '/queue/wamp.session.on_join' }, 'forged'));
    await expectAccessDenied(attacker, 'publish', 'wamp.session.on_join');
  });

  it.each([
    ['/topic/junction.#', 'junction.#'],
    ['/topic/junction.reply.*', 'junction.reply.*'],
  ])('refuses SUBSCRIBE %s (the reply paths are private)', async (destination, uri) => {
    const { peer: attacker } = await connectedPeer(target, transport);
    attacker.send(frame('SUBSCRIBE', { id: 's', destination, receipt: 'sub' }));
    const error = await expectAccessDenied(attacker, 'subscribe', uri);
    expect(header(error, 'receipt-id')).toBe('sub');
  });
});

describe.skipIf(!pythonStompReady)('Why: Reserved names are open (stomp.py over TCP)', () => {
  it('gets ERROR access denied naming the action and URI, then the broker closes', async () => {
    expect(await stompPy('access_denied', target.tcp.port)).toEqual({
      message: 'access denied',
      action: 'publish',
      uri: 'wamp.session.on_join',
      receipt_id: 'forged',
      disconnected: true,
    });
  });
});

describe.each(TRANSPORTS)('Why: Identity can be claimed (STOMP over %s)', (transport) => {
  it.each([
    ['without a passcode', {}],
    ['with a wrong passcode', { passcode: 'guess' }],
  ])('refuses CONNECT with login:alice %s', async (_how, extra) => {
    const { peer, answer } = await openPeer(target, transport, { login: 'alice', ...extra });
    expect([answer.command, header(answer, 'message')]).toEqual(['ERROR', "Access refused for user 'alice'"]);
    await peer.closed;
  });

  it('names an anonymous session itself; what is published for alice reaches alice only', async () => {
    const { peer: anonymous, connected } = await connectedPeer(target, transport);
    expect(header(connected, 'user-name')).toMatch(/^anonymous-[0-9a-f]{12}$/);
    const { peer: alice, connected: aliceConnected } = await connectedPeer(target, transport, {
      login: 'alice',
      passcode: 'alice-secret',
    });
    expect(header(aliceConnected, 'user-name')).toBe('alice');
    for (const peer of [anonymous, alice]) {
      peer.send(frame('SUBSCRIBE', { id: 'inbox', destination: '/topic/inbox.alice', receipt: 'in' }));
      await peer.receipt('in');
    }
    const publisher = await openSession(target.broker.url, 'json');
    await publisher.session.publish(
      'inbox.alice',
      ['for alice only'],
      {},
      {
        eligible_authid: ['alice'],
        acknowledge: true,
      },
    );
    expect(bodyText(await alice.next())).toBe('for alice only');
    await anonymous.barrier();
    expect(anonymous.queued).toEqual([]);
    await publisher.close();
    anonymous.close();
    alice.close();
  });
});

describe('Why: Identity can be claimed (@stomp/stompjs over WebSocket)', () => {
  it('refuses a stompjs CONNECT that claims login alice without her passcode', async () => {
    await expect(connectStompjs(target.broker.url, { connectHeaders: { login: 'alice' } })).rejects.toThrow(
      "Access refused for user 'alice'",
    );
  });
});
