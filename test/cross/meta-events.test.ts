import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedJunction } from '../helpers/start-junction.js';
import { messages, openClient } from '../helpers/ws-client.js';
import { type OpenSession, openSession } from '../protocols/wamp/autobahn-client.js';
import { type StompPeer, startPolyglot, stompPeer, until } from './clients.js';

let broker: StartedJunction;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  // The session-revealing meta procedures are for admin roles without permissions (issue 11).
  broker = await startPolyglot({ auth: { users: [{ authid: 'root', secret: 'root-secret', authrole: 'admin' }] } });
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close().catch(() => {})));
  await broker.close();
});

async function wampSession(options: Record<string, unknown> = {}): Promise<OpenSession> {
  const opened = await openSession(broker.url, 'json', options);
  closers.push(() => opened.close());
  return opened;
}

interface Push {
  method?: string;
  id?: number;
  result?: unknown;
  params?: { subscription: number; topic: string; result: unknown };
}

describe('WAMP meta events across protocols', () => {
  it('[WAMP meta events] a JSON-RPC client subscribed to wamp.registration.on_register sees a WAMP REGISTER', async () => {
    const ws = await openClient(broker.url);
    closers.push(async () => ws.close());
    const inbox = messages(ws);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['wamp.registration.on_register'] }));
    const subscribed = JSON.parse(await inbox.next()) as Push;
    expect(subscribed).toMatchObject({ id: 1, result: expect.any(Number) });
    const callee = await wampSession();
    const registration = await callee.session.register('com.cross.meta.echo', (args) => args);
    const push = JSON.parse(
      await inbox.find((text) => (JSON.parse(text) as Push).params?.topic === 'wamp.registration.on_register'),
    ) as Push;
    expect(push).toMatchObject({
      method: 'subscription',
      params: {
        subscription: subscribed.result,
        topic: 'wamp.registration.on_register',
        result: { args: [callee.session.id, registration.id] },
      },
    });
  });

  it('[WAMP meta events] a STOMP SUBSCRIBE is an on_subscribe a WAMP meta subscriber sees', async () => {
    const watcher = await wampSession({ authmethods: ['ticket'], authid: 'root', onchallenge: () => 'root-secret' });
    const seen: unknown[][] = [];
    await watcher.session.subscribe('wamp.subscription.on_subscribe', (args) => seen.push(args ?? []));
    const stomp: StompPeer = await stompPeer(broker);
    closers.push(() => stomp.close());
    await stomp.subscribe('/topic/cross.meta.news', []);
    const id = await watcher.session.call('wamp.subscription.lookup', ['cross.meta.news']);
    expect(id).toEqual(expect.any(Number));
    await until(() => seen.some((args) => args[1] === id), 3000, 'on_subscribe of the STOMP subscription');
    const [sessionId] = seen.find((args) => args[1] === id) as [number, number];
    const subscribers = await watcher.session.call('wamp.subscription.list_subscribers', [id]);
    expect(subscribers).toEqual([sessionId]);
    const details = await watcher.session.call('wamp.session.get', [sessionId]);
    expect(details).toMatchObject({ protocol: 'stomp' });
  });
});
