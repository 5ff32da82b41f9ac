/**
 * Issue 11, "Why: Permissions", for STOMP over WebSocket and TCP: `auth.permissions` decide per
 * role what SUBSCRIBE and SEND may do with topics, queues and `/rpc/`; a pattern subscription is
 * allowed only when a rule covers all it can reach; a refusal is ERROR `access denied` (at the
 * SEND, in a transaction too); an async `authorize` hook delays frames but keeps their order.
 */
import type { Client } from '@stomp/stompjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../protocols/stomp/frame.js';
import type { AccessRequest, PermissionRule } from '../../src/plugin/index.js';
import { bodyText, frame, sleep } from '../protocols/stomp/raw-client.js';
import { connectStompjs } from '../protocols/stomp/stompjs-client.js';
import {
  connectedPeer,
  expectAccessDenied,
  type StompBroker,
  type StompPeer,
  startStompBroker,
  TRANSPORTS,
  type Transport,
} from './stomp-peers.js';

const users = [
  { authid: 'alice', secret: 'alice-secret', authrole: 'trader' },
  { authid: 'bob', secret: 'bob-secret', authrole: 'viewer' },
];
const permissions: PermissionRule[] = [
  { role: 'trader', uri: 'orders.#', match: 'wildcard', allow: ['publish'] },
  { role: 'trader', uri: 'jobs', allow: ['publish'] },
  { role: 'trader', uri: 'quotes.get', allow: ['call'] },
  { role: 'viewer', uri: 'orders.*', match: 'wildcard', allow: ['subscribe'] },
  { role: 'viewer', uri: 'jobs', allow: ['subscribe'] },
];

let target: StompBroker;

beforeAll(async () => {
  target = await startStompBroker({ auth: { users, permissions } });
  target.broker.junction.register('quotes.get', () => 42);
});
afterAll(async () => {
  await target.close();
});

const login = (name: 'alice' | 'bob') => ({ login: name, passcode: `${name}-secret` });

async function subscribed(peer: StompPeer, destination: string, id = 's'): Promise<void> {
  peer.send(frame('SUBSCRIBE', { id, destination, receipt: `sub-${id}` }));
  await peer.receipt(`sub-${id}`);
}

describe.each(TRANSPORTS)('Why: Permissions (STOMP over %s)', (transport: Transport) => {
  const as = async (name: 'alice' | 'bob') => (await connectedPeer(target, transport, login(name))).peer;

  it('lets a viewer SUBSCRIBE /topic/orders.* (its rule covers it) and a trader SEND /topic/orders.new', async () => {
    const [bob, alice] = [await as('bob'), await as('alice')];
    await subscribed(bob, '/topic/orders.*');
    alice.send(frame('SEND', { destination: '/topic/orders.new', receipt: 'sent' }, 'buy 10'));
    await alice.receipt('sent');
    expect(bodyText(await bob.next())).toBe('buy 10');
    bob.close();
    alice.close();
  });

  it('refuses SUBSCRIBE /topic/orders.#: the pattern reaches more than the rule orders.* covers', async () => {
    const bob = await as('bob');
    bob.send(frame('SUBSCRIBE', { id: 's', destination: '/topic/orders.#' }));
    await expectAccessDenied(bob, 'subscribe', 'orders.#');
  });

  it('refuses SEND /topic/orders.new to a viewer and SUBSCRIBE /topic/orders.new to a trader', async () => {
    const bob = await as('bob');
    bob.send(frame('SEND', { destination: '/topic/orders.new' }, 'sell'));
    await expectAccessDenied(bob, 'publish', 'orders.new');
    const alice = await as('alice');
    alice.send(frame('SUBSCRIBE', { id: 's', destination: '/topic/orders.new' }));
    await expectAccessDenied(alice, 'subscribe', 'orders.new');
  });

  it('refuses an anonymous SUBSCRIBE: no rule names its role', async () => {
    const { peer } = await connectedPeer(target, transport);
    peer.send(frame('SUBSCRIBE', { id: 's', destination: '/topic/orders.*' }));
    await expectAccessDenied(peer, 'subscribe', 'orders.*');
  });

  it('maps SEND to a queue to publish and SUBSCRIBE to a queue to subscribe', async () => {
    const [bob, alice] = [await as('bob'), await as('alice')];
    alice.send(frame('SEND', { destination: '/queue/jobs', receipt: 'queued' }, `job over ${transport}`));
    await alice.receipt('queued');
    await subscribed(bob, '/queue/jobs');
    expect(bodyText(await bob.next())).toBe(`job over ${transport}`);
    bob.send(frame('SEND', { destination: '/queue/jobs' }, 'not mine to send'));
    await expectAccessDenied(bob, 'publish', 'jobs');
    alice.send(frame('SUBSCRIBE', { id: 'q', destination: '/queue/jobs' }));
    await expectAccessDenied(alice, 'subscribe', 'jobs');
  });

  it('answers an allowed /rpc/ call on the temp queue and refuses another role with ERROR, not a reply', async () => {
    const alice = await as('alice');
    alice.send(frame('SEND', { destination: '/rpc/quotes.get', 'reply-to': '/temp-queue/q' }));
    const reply = await alice.next();
    expect([header(reply, 'destination'), bodyText(reply)]).toEqual(['/temp-queue/q', '42']);
    alice.close();
    const bob = await as('bob');
    bob.send(frame('SEND', { destination: '/rpc/quotes.get', 'reply-to': '/temp-queue/q', receipt: 'call' }));
    const error = await expectAccessDenied(bob, 'call', 'quotes.get');
    expect(header(error, 'receipt-id')).toBe('call');
  });

  it('refuses a SEND inside a transaction at the SEND, before any COMMIT', async () => {
    const bob = await as('bob');
    bob.send(frame('BEGIN', { transaction: 't' }));
    bob.send(frame('SEND', { destination: '/topic/orders.new', transaction: 't', receipt: 'in-tx' }, 'sell'));
    const error = await expectAccessDenied(bob, 'publish', 'orders.new');
    expect(header(error, 'receipt-id')).toBe('in-tx');
  });
});

/** An authorize hook that answers after 20 ms, refusing `orders.secret`; `asked` records the questions. */
function slowAuthorizer(asked: AccessRequest[]) {
  return async (request: AccessRequest): Promise<boolean> => {
    asked.push(request);
    await sleep(20);
    return request.uri !== 'orders.secret';
  };
}

describe('Why: Permissions, with an async authorize hook', () => {
  let hooked: StompBroker;
  const asked: AccessRequest[] = [];

  beforeAll(async () => {
    hooked = await startStompBroker({
      auth: {
        users,
        permissions: [{ role: 'trader', uri: 'orders.#', match: 'wildcard', allow: ['publish', 'subscribe'] }],
      },
      authorize: slowAuthorizer(asked),
    });
  });
  afterAll(async () => {
    await hooked.close();
  });

  it.each(TRANSPORTS)('[%s] delays SUBSCRIBE then SEND of one batch but keeps their order', async (transport) => {
    const { peer } = await connectedPeer(hooked, transport, login('alice'));
    const topic = `orders.batch.${transport}`;
    const before = asked.length;
    peer.send(
      frame('SUBSCRIBE', { id: 's', destination: `/topic/${topic}`, receipt: 'subscribed' }) +
        frame('SEND', { destination: `/topic/${topic}`, receipt: 'sent' }, 'first order'),
    );
    const frames = [await peer.next(), await peer.next(), await peer.next()];
    expect(frames.map((f) => `${f.command} ${header(f, 'receipt-id') ?? bodyText(f)}`)).toEqual([
      'RECEIPT subscribed',
      'MESSAGE first order',
      'RECEIPT sent',
    ]);
    expect(asked.slice(before).map((r) => `${r.action} ${r.uri}`)).toEqual([`subscribe ${topic}`, `publish ${topic}`]);
    peer.close();
  });

  it.each(TRANSPORTS)(
    '[%s] a refusal by the hook is ERROR access denied; later frames are not run',
    async (transport) => {
      const { peer } = await connectedPeer(hooked, transport, login('alice'));
      peer.send(
        frame('SEND', { destination: '/topic/orders.secret', receipt: 'secret' }, 'leak') +
          frame('SEND', { destination: '/topic/orders.book', receipt: 'after' }, 'next'),
      );
      const error = await expectAccessDenied(peer, 'publish', 'orders.secret');
      expect(header(error, 'receipt-id')).toBe('secret');
      expect(peer.queued).toEqual([]);
    },
  );

  it.each(TRANSPORTS)('[%s] a SEND in a transaction waits for the hook, then COMMIT delivers it', async (transport) => {
    const { peer } = await connectedPeer(hooked, transport, login('alice'));
    const topic = `orders.tx.${transport}`;
    await subscribed(peer, `/topic/${topic}`);
    peer.send(
      frame('BEGIN', { transaction: 't' }) +
        frame('SEND', { destination: `/topic/${topic}`, transaction: 't', receipt: 'in-tx' }, 'committed') +
        frame('COMMIT', { transaction: 't', receipt: 'commit' }),
    );
    const frames = [await peer.next(), await peer.next(), await peer.next()];
    expect(frames.map((f) => `${f.command} ${header(f, 'receipt-id') ?? bodyText(f)}`)).toEqual([
      'MESSAGE committed',
      'RECEIPT in-tx',
      'RECEIPT commit',
    ]);
    peer.close();
  });

  it('[@stomp/stompjs] subscribe then publish in one tick: the receipts come in order and the message arrives', async () => {
    const client: Client = await connectStompjs(hooked.broker.url, { connectHeaders: login('alice') });
    const events: string[] = [];
    const receipt = (id: string) =>
      new Promise<void>((resolve) =>
        client.watchForReceipt(id, () => {
          events.push(`RECEIPT ${id}`);
          resolve();
        }),
      );
    const done = Promise.all([receipt('subscribed'), receipt('sent')]);
    client.subscribe('/topic/orders.stompjs', (message) => events.push(`MESSAGE ${message.body}`), {
      receipt: 'subscribed',
    });
    client.publish({ destination: '/topic/orders.stompjs', body: 'from stompjs', headers: { receipt: 'sent' } });
    await done;
    expect(events).toEqual(['RECEIPT subscribed', 'MESSAGE from stompjs', 'RECEIPT sent']);
    await client.deactivate();
  });
});
