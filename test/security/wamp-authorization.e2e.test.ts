/**
 * issue 11 over real sockets, WAMP's side: autobahn (node) over wamp.2.json and wamp.2.msgpack,
 * a @stomp/stompjs victim where a STOMP caller is involved. Each test is named after the "Why" of
 * the issue it answers. A refusal is WAMP's `ERROR` `wamp.error.not_authorized` with kwargs
 * `{action, uri}`; a PUBLISH without acknowledge is dropped silently (WAMP pub/sub). JSON-RPC's side
 * is jsonrpc-authorization.e2e.test.ts; across nodes, wamp-cluster-authorization.e2e.test.ts.
 */
import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import type { AccessRequest, PermissionRule } from '../../src/plugin/index.js';
import { type WampPeer, wampPeer } from '../cross/clients.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { stompRpc } from '../helpers/stomp-rpc.js';
import { connectStompjs } from '../protocols/stomp/stompjs-client.js';
import {
  eventually,
  type OpenSession,
  openSession,
  type SerializerName,
  sleep,
} from '../protocols/wamp/autobahn-client.js';
import { rawClient } from '../protocols/wamp/raw-client.js';

const USERS = [
  { authid: 'root', secret: 'root-secret', authrole: 'admin' },
  { authid: 'alice', secret: 'alice-secret', authrole: 'user' },
  { authid: 'audrey', secret: 'audrey-secret', authrole: 'auditor' },
];

const ticket = (authid: string, secret: string) => ({ authmethods: ['ticket'], authid, onchallenge: () => secret });
const cra = (authid: string, secret: string) => ({
  authmethods: ['wampcra'],
  authid,
  onchallenge: (_session: unknown, _method: string, extra: Record<string, unknown>) =>
    autobahn.auth_cra.sign(secret, extra.challenge as string),
});

/** What autobahn rejects with for an ERROR `wamp.error.not_authorized` naming `action` and `uri`. */
const notAuthorized = (action: string, uri: string) => ({
  error: 'wamp.error.not_authorized',
  kwargs: { action, uri },
});

const brokers: StartedJunction[] = [];
const sessions: OpenSession[] = [];
const peers: WampPeer[] = [];

afterAll(async () => {
  await Promise.all([...sessions, ...peers].map((s) => s.close().catch(() => {})));
  await Promise.all(brokers.map((broker) => broker.close()));
});

async function start(options: Partial<Parameters<typeof startJunction>[0]> = {}): Promise<StartedJunction> {
  const broker = await startJunction({
    protocols: [stomp(), wamp({ wampcraUsers: { crauser: { secret: 'cra-secret', authrole: 'admin' } } }), jsonrpc()],
    ...options,
    auth: { users: USERS, ...options.auth },
  });
  brokers.push(broker);
  return broker;
}

describe.each(['json', 'msgpack'] as const)('WAMP authorization over %s', (serializer: SerializerName) => {
  let open: StartedJunction;
  let ruled: StartedJunction;
  let hooked: StartedJunction;
  /** A hook that never decides on `stall.*`, and 4 KiB messages at most: what waits behind it is bounded. */
  let stalled: StartedJunction;
  /** What the `authorize` hook of `hooked` was asked: `<session> <action> <uri>`. */
  const asked: string[] = [];

  const permissions: PermissionRule[] = [
    { role: 'anonymous', uri: 'news.', match: 'prefix', allow: ['subscribe'] },
    { role: 'anonymous', uri: 'calc.add', allow: ['call'] },
    { role: 'user', uri: 'news.#', match: 'wildcard', allow: ['publish', 'subscribe'] },
    { role: 'user', uri: 'calc.', match: 'prefix', allow: ['register', 'call'] },
    { role: 'auditor', uri: 'wamp.session.', match: 'prefix', allow: ['call'] },
  ];

  /** Allows every URI but those ending in `.denied` (and `wamp.session.count`); `hook.async.*` decides after 50 ms. */
  const authorize = (request: AccessRequest): boolean | Promise<boolean> => {
    asked.push(`${request.session.id} ${request.action} ${request.uri}`);
    const allowed = !request.uri.endsWith('.denied') && request.uri !== 'wamp.session.count';
    return request.uri.startsWith('hook.async.') ? sleep(50).then(() => allowed) : allowed;
  };

  beforeAll(async () => {
    open = await start();
    ruled = await start({ auth: { permissions } });
    hooked = await start({ authorize });
    stalled = await start({
      authorize: (request) => (request.uri.startsWith('stall.') ? new Promise<boolean>(() => {}) : true),
      limits: { maxPayload: 4096 },
    });
  });

  async function connect(broker: StartedJunction, options: Record<string, unknown> = {}): Promise<OpenSession> {
    const opened = await openSession(broker.url, serializer, options);
    sessions.push(opened);
    return opened;
  }

  async function tapped(broker: StartedJunction): Promise<WampPeer> {
    const peer = await wampPeer(broker, serializer === 'json' ? 'json' : 'msgpack');
    peers.push(peer);
    return peer;
  }

  it("RPC replies can be forged: a WAMP publish to a STOMP caller's reply topic reaches nothing; the caller gets only the genuine reply", async () => {
    const joins: { session: number; protocol: string }[] = [];
    const watcher = await connect(open);
    await watcher.session.subscribe('wamp.session.on_join', (args) => joins.push(args?.[0] as never));
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let invoked = false;
    const callee = await connect(open);
    await callee.session.register(`sec.slow.${serializer}`, async () => {
      invoked = true;
      await released;
      return 'genuine';
    });
    const victim = await connectStompjs(open.url);
    const rpc = stompRpc(victim);
    await eventually(() => joins.some((join) => join.protocol === 'stomp'));
    const victimId = joins.find((join) => join.protocol === 'stomp')?.session;
    const attacker = await connect(open);
    // No client may listen on reply paths; a catch-all pattern never reaches them.
    await expect(attacker.session.subscribe('junction.reply.', () => {}, { match: 'prefix' })).rejects.toMatchObject(
      notAuthorized('subscribe', 'junction.reply.'),
    );
    const overheard: unknown[] = [];
    await attacker.session.subscribe('j', (args) => overheard.push(args), { match: 'prefix' });

    const answer = rpc.call(`sec.slow.${serializer}`);
    await eventually(() => invoked);
    // Before issue 11 a temp queue's topic was `junction.reply.<session>.<name>`: guessable.
    // Such a name is no reply path: the publish is refused, or at least reaches nobody.
    for (const topic of [`junction.reply.${victimId}.rpc`, 'junction.reply.rpc']) {
      const options = { acknowledge: true, _headers: { 'correlation-id': 'c1' } };
      const acknowledged = attacker.session.publish(topic, ['forged'], {}, options) as Promise<unknown>;
      const outcome = await acknowledged.then(
        () => 'published',
        (error: { error: string }) => error.error,
      );
      expect(['published', 'wamp.error.not_authorized']).toContain(outcome);
    }
    release();
    const reply = await answer;
    expect(reply.body).toContain('genuine');
    await sleep(100);
    expect(rpc.replies.map((message) => message.body)).toEqual([reply.body]);
    expect(overheard).toEqual([]);
    await victim.deactivate();
  });

  it('RPC replies can be forged: a WAMP subscriber still answers a STOMP request through its reply-to, and only the requester gets it', async () => {
    const responder = await tapped(open);
    const topic = `sec.requests.${serializer}`;
    await responder.session.subscribe(topic, () => {});
    const requester = await connectStompjs(open.url);
    const { replies } = stompRpc(requester);
    requester.publish({ destination: `/topic/${topic}`, body: 'question', headers: { 'reply-to': '/temp-queue/a' } });
    await eventually(() => responder.raw.some((message) => message[0] === 36));
    const event = responder.raw.find((message) => message[0] === 36) as [
      number,
      number,
      number,
      { _headers: Record<string, string> },
    ];
    const replyTo = event[3]._headers['reply-to'] ?? '';
    expect(replyTo).toMatch(/^\/reply-queue\/[0-9a-f]{32}$/);
    // docs/wamp.md "Authorization": `/reply-queue/<id>` is the router topic `junction.reply.<id>`.
    const replyTopic = `junction.reply.${replyTo.slice('/reply-queue/'.length)}`;
    await responder.session.publish(replyTopic, ['answer'], {}, { acknowledge: true });
    await eventually(() => replies.length === 1);
    expect(replies[0]?.body).toBe('answer');
    expect(replies[0]?.headers.destination).toBe('/temp-queue/a');
    await requester.deactivate();
  });

  it('Identity can be claimed: an anonymous HELLO claiming authid alice is welcomed under another authid and gets none of her events', async () => {
    const claimer = await connect(open, { authid: 'alice' });
    expect(claimer.welcome).toMatchObject({ authid: expect.stringMatching(/^anonymous-[0-9a-f]{12}$/) });
    expect(claimer.welcome.authrole).toBe('anonymous');
    const alice = await connect(open, ticket('alice', 'alice-secret'));
    expect(alice.welcome).toMatchObject({ authid: 'alice', authrole: 'user' });
    const topic = `sec.private.${serializer}`;
    const got = { claimer: [] as unknown[], alice: [] as unknown[] };
    await claimer.session.subscribe(topic, (args) => got.claimer.push(args?.[0]));
    await alice.session.subscribe(topic, (args) => got.alice.push(args?.[0]));
    const publisher = await connect(open);
    await publisher.session.publish(topic, ['for alice'], {}, { acknowledge: true, eligible_authid: ['alice'] });
    await eventually(() => got.alice.length === 1);
    await sleep(50);
    expect(got).toEqual({ claimer: [], alice: ['for alice'] });
  });

  it('Reserved names are open: WAMP PUBLISH and REGISTER in wamp.* and junction.* are refused; no forged meta event arrives', async () => {
    const realm = `sec.reserved.${serializer}`;
    const watcher = await connect(open, { realm });
    const joins: { session: number }[] = [];
    await watcher.session.subscribe('wamp.session.on_join', (args) => joins.push(args?.[0] as never));
    const client = await connect(open, { realm });
    const forged = [{ session: 4242, authid: 'root', authrole: 'admin', realm }];
    // wamp.* is no application URI at all (WAMP BB "Reserved URIs"): invalid_uri, as Crossbar answers.
    await expect(
      client.session.publish('wamp.session.on_join', forged, {}, { acknowledge: true }),
    ).rejects.toMatchObject({ error: 'wamp.error.invalid_uri' });
    await expect(client.session.register('wamp.session.kill', () => null)).rejects.toMatchObject({
      error: 'wamp.error.invalid_uri',
    });
    // junction.* is the broker's: the router refuses, naming the action and the URI.
    await expect(client.session.publish('junction.events', ['x'], {}, { acknowledge: true })).rejects.toMatchObject(
      notAuthorized('publish', 'junction.events'),
    );
    await expect(client.session.register('junction.rpc', () => null)).rejects.toMatchObject(
      notAuthorized('register', 'junction.rpc'),
    );
    // Without acknowledge the refusal is silent (WAMP pub/sub), and the session goes on.
    client.session.publish('wamp.session.on_join', forged);
    await expect(client.session.call('wamp.session.count')).resolves.toBe(2);
    await sleep(50);
    expect(joins.filter((join) => join.session === 4242)).toEqual([]);
  });

  it('The meta API leaks: anonymous wamp.session.list, .get and wamp.subscription.list_subscribers are refused; wamp.session.count is public', async () => {
    const realm = `sec.meta.${serializer}`;
    const client = await connect(open, { realm });
    const subscription = await client.session.subscribe('sec.meta.topic', () => {});
    const id = client.session.id;
    await expect(client.session.call('wamp.session.list')).rejects.toMatchObject(
      notAuthorized('call', 'wamp.session.list'),
    );
    await expect(client.session.call('wamp.session.get', [id])).rejects.toMatchObject(
      notAuthorized('call', 'wamp.session.get'),
    );
    await expect(client.session.call('wamp.subscription.list_subscribers', [subscription.id])).rejects.toMatchObject(
      notAuthorized('call', 'wamp.subscription.list_subscribers'),
    );
    expect(await client.session.call('wamp.session.count')).toBe(1);
  });

  it('The meta API leaks: an admin logged in with ticket or wampcra gets the answers', async () => {
    const realm = `sec.meta.admin.${serializer}`;
    const visitor = await connect(open, { realm });
    const subscription = await visitor.session.subscribe('sec.meta.topic', () => {});
    for (const login of [ticket('root', 'root-secret'), cra('crauser', 'cra-secret')]) {
      const admin = await connect(open, { realm, ...login });
      expect(admin.welcome.authrole).toBe('admin');
      const list = (await admin.session.call('wamp.session.list')) as number[];
      expect(list).toEqual(expect.arrayContaining([visitor.session.id, admin.session.id]));
      expect(await admin.session.call('wamp.session.get', [visitor.session.id])).toMatchObject({
        session: visitor.session.id,
        authrole: 'anonymous',
      });
      expect(await admin.session.call('wamp.subscription.list_subscribers', [subscription.id])).toEqual([
        visitor.session.id,
      ]);
      await admin.close();
    }
  });

  it('The meta API leaks: with permissions, the role granted call on the wamp.session. prefix gets answers and no other', async () => {
    const auditor = await connect(ruled, ticket('audrey', 'audrey-secret'));
    expect(await auditor.session.call('wamp.session.list')).toEqual(expect.arrayContaining([auditor.session.id]));
    expect(await auditor.session.call('wamp.session.count')).toBeGreaterThanOrEqual(1);
    const anonymous = await connect(ruled);
    // With permissions the meta procedures are calls like any other: count too needs a rule.
    await expect(anonymous.session.call('wamp.session.count')).rejects.toMatchObject(
      notAuthorized('call', 'wamp.session.count'),
    );
    await expect(anonymous.session.call('wamp.session.list')).rejects.toMatchObject(
      notAuthorized('call', 'wamp.session.list'),
    );
  });

  it('There is no authorization at all: permissions allow and refuse WAMP publish, subscribe (patterns by coverage), call and register', async () => {
    const alice = await connect(ruled, ticket('alice', 'alice-secret'));
    const anonymous = await connect(ruled);
    const news: unknown[] = [];
    await anonymous.session.subscribe('news.eu', (args) => news.push(args?.[0]));
    // A pattern is allowed only when a rule covers every topic it can reach.
    await anonymous.session.subscribe('news..sport', () => {}, { match: 'wildcard' });
    await expect(anonymous.session.subscribe('.sport', () => {}, { match: 'wildcard' })).rejects.toMatchObject(
      notAuthorized('subscribe', '.sport'),
    );
    await expect(anonymous.session.subscribe('new', () => {}, { match: 'prefix' })).rejects.toMatchObject(
      notAuthorized('subscribe', 'new'),
    );
    await expect(anonymous.session.publish('news.eu', ['x'], {}, { acknowledge: true })).rejects.toMatchObject(
      notAuthorized('publish', 'news.eu'),
    );
    await alice.session.publish('news.eu', ['from alice'], {}, { acknowledge: true });
    await eventually(() => news.length === 1);
    expect(news).toEqual(['from alice']);
    await expect(alice.session.subscribe('other.topic', () => {})).rejects.toMatchObject(
      notAuthorized('subscribe', 'other.topic'),
    );

    await alice.session.register(`calc.add.${serializer}`, (args) => Number(args?.[0]) + Number(args?.[1]));
    await alice.session.register('calc.add', (args) => Number(args?.[0]) + Number(args?.[1]));
    expect(await anonymous.session.call('calc.add', [2, 3])).toBe(5);
    await expect(anonymous.session.call(`calc.add.${serializer}`, [2, 3])).rejects.toMatchObject(
      notAuthorized('call', `calc.add.${serializer}`),
    );
    await expect(anonymous.session.register('calc.mul', () => 0)).rejects.toMatchObject(
      notAuthorized('register', 'calc.mul'),
    );
    await expect(alice.session.register('news.proc', () => 0)).rejects.toMatchObject(
      notAuthorized('register', 'news.proc'),
    );
  });

  it('There is no authorization at all: a synchronous authorize hook decides per URI and is asked once per URI and session', async () => {
    const client = await connect(hooked);
    const id = client.session.id;
    const topic = `hook.sync.${serializer}`;
    await client.session.subscribe(topic, () => {});
    await client.session.subscribe(topic, () => {});
    for (let i = 0; i < 3; i++) await client.session.publish(topic, [i], {}, { acknowledge: true });
    for (let i = 0; i < 2; i++) {
      await expect(client.session.publish(`${topic}.denied`, [i], {}, { acknowledge: true })).rejects.toMatchObject(
        notAuthorized('publish', `${topic}.denied`),
      );
    }
    // The meta API asks the same decision as a routed call.
    await expect(client.session.call('wamp.session.count')).rejects.toMatchObject(
      notAuthorized('call', 'wamp.session.count'),
    );
    const mine = asked.filter((line) => line.startsWith(`${id} `));
    expect(mine.sort()).toEqual(
      [
        `${id} subscribe ${topic}`,
        `${id} publish ${topic}`,
        `${id} publish ${topic}.denied`,
        `${id} call wamp.session.count`,
      ].sort(),
    );
  });

  it('There is no authorization at all: an asynchronous authorize hook holds the requests in order, then allows or refuses them', async () => {
    const client = await connect(hooked);
    const id = client.session.id;
    const topic = `hook.async.${serializer}`;
    const events: unknown[] = [];
    // Neither waits for the other: the SUBSCRIBE is decided (and in place) before the PUBLISHes run.
    const subscribed = client.session.subscribe(topic, (args) => events.push(args?.[0]));
    const published = [1, 2, 3].map((n) =>
      client.session.publish(topic, [n], {}, { acknowledge: true, exclude_me: false }),
    );
    await Promise.all([subscribed, ...published]);
    await eventually(() => events.length === 3);
    expect(events).toEqual([1, 2, 3]);
    await expect(client.session.call(`${topic}.denied`)).rejects.toMatchObject(
      notAuthorized('call', `${topic}.denied`),
    );
    await expect(client.session.register(`${topic}.denied`, () => 0)).rejects.toMatchObject(
      notAuthorized('register', `${topic}.denied`),
    );
    const mine = asked.filter((line) => line.startsWith(`${id} `));
    expect(mine.sort()).toEqual(
      [
        `${id} subscribe ${topic}`,
        `${id} publish ${topic}`,
        `${id} call ${topic}.denied`,
        `${id} register ${topic}.denied`,
      ].sort(),
    );
  });

  it('There is no authorization at all: while the authorize hook decides, at most maxPayload bytes wait behind the request; more ends the session', async () => {
    const client = await rawClient(stalled.url, `wamp.2.${serializer}`);
    expect((await client.hello())[0]).toBe(2);
    client.send([32, 1, {}, 'stall.topic']);
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 5; i++) client.send([16, 10 + i, {}, 'other.topic', [filler]]);
    const abort = await client.next();
    expect(abort[0]).toBe(3);
    expect(abort[2]).toBe('junction.error.limit_exceeded');
    expect(await client.closed()).toBe(1008);
  });
});
