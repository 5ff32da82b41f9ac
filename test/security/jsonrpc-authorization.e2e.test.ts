/**
 * issue 11 over real sockets, JSON-RPC's side: raw `ws` clients (test/helpers/jsonrpc-peer.ts),
 * with autobahn and @stomp/stompjs peers where another protocol is the victim or the witness. Each
 * test is named after the "Why" of the issue it answers. A refusal is the error object -32005 with
 * `data: {action, uri}`. WAMP's side is wamp-authorization.e2e.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import type { AccessRequest, PermissionRule } from '../../src/plugin/index.js';
import { type JsonRpcMessage, type JsonRpcPeer, jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { stompRpc } from '../helpers/stomp-rpc.js';
import { connectStompjs } from '../protocols/stomp/stompjs-client.js';
import { eventually, type OpenSession, openSession, sleep } from '../protocols/wamp/autobahn-client.js';

const USERS = [
  { authid: 'root', secret: 'root-secret', authrole: 'admin' },
  { authid: 'alice', secret: 'alice-secret', authrole: 'user' },
  { authid: 'worker', secret: 'worker-secret', authrole: 'service' },
];

const asAdmin = { authmethods: ['ticket'], authid: 'root', onchallenge: () => 'root-secret' };

/** The error object of a refusal naming `action` and `uri`. */
const notAuthorized = (action: string, uri: string) => ({
  error: { code: -32005, message: expect.stringContaining(uri), data: { action, uri } },
});

const permissions: PermissionRule[] = [
  { role: 'anonymous', uri: 'news.', match: 'prefix', allow: ['subscribe'] },
  { role: 'anonymous', uri: 'svc.', match: 'prefix', allow: ['call'] },
  { role: 'user', uri: 'news.#', match: 'wildcard', allow: ['publish', 'subscribe'] },
  { role: 'service', uri: 'svc.', match: 'prefix', allow: ['register'] },
];

/** What the hook of `hooked` was asked: `<session> <action> <uri>`. Refuses `*.denied`; `hook.async.*` after 50 ms. */
const asked: string[] = [];
const authorize = (request: AccessRequest): boolean | Promise<boolean> => {
  asked.push(`${request.session.id} ${request.action} ${request.uri}`);
  const allowed = !request.uri.endsWith('.denied');
  return request.uri.startsWith('hook.async.') ? sleep(50).then(() => allowed) : allowed;
};

let open: StartedJunction;
let ruled: StartedJunction;
let hooked: StartedJunction;
/** A hook that never decides on `stall.*`, and 4 KiB messages at most: what waits behind it is bounded. */
let stalled: StartedJunction;
const peers: JsonRpcPeer[] = [];
const sessions: OpenSession[] = [];

beforeAll(async () => {
  const start = (options: Partial<Parameters<typeof startJunction>[0]> = {}) =>
    startJunction({ protocols: [stomp(), wamp(), jsonrpc()], ...options, auth: { users: USERS, ...options.auth } });
  const never = (request: AccessRequest) => (request.uri.startsWith('stall.') ? new Promise<boolean>(() => {}) : true);
  [open, ruled, hooked, stalled] = await Promise.all([
    start(),
    start({ auth: { permissions } }),
    start({ authorize }),
    start({ authorize: never, limits: { maxPayload: 4096 } }),
  ]);
});

afterAll(async () => {
  for (const peer of peers) peer.close();
  await Promise.all(sessions.map((s) => s.close().catch(() => {})));
  await Promise.all([open, ruled, hooked, stalled].map((broker) => broker?.close()));
});

async function rpcPeer(broker: StartedJunction, realm?: string): Promise<JsonRpcPeer> {
  const peer = await jsonRpcPeer(broker.url, realm);
  peers.push(peer);
  return peer;
}

async function wampSession(broker: StartedJunction, options: Record<string, unknown> = {}): Promise<OpenSession> {
  const opened = await openSession(broker.url, 'json', options);
  sessions.push(opened);
  return opened;
}

/** The messages a subscription pushed, and the requests the broker sent (this peer as callee). */
const pushes = (peer: JsonRpcPeer) => peer.inbound.filter((message) => message.method === 'subscription');
const pushed = (peer: JsonRpcPeer) => pushes(peer).map((push) => (push.params as { result: unknown }).result);
const brokerRequests = (peer: JsonRpcPeer) =>
  peer.inbound.filter((message) => message.method !== undefined && message.id !== undefined);

describe('JSON-RPC authorization', () => {
  it("RPC replies can be forged: a JSON-RPC publish to a STOMP caller's reply topic reaches nothing; the caller gets only the genuine reply", async () => {
    const joins: { session: number; protocol: string }[] = [];
    const watcher = await wampSession(open);
    await watcher.session.subscribe('wamp.session.on_join', (args) => joins.push(args?.[0] as never));
    const callee = await rpcPeer(open);
    expect((await callee.request('register', ['sec.slow'])).result).toBeGreaterThan(0);
    const victim = await connectStompjs(open.url);
    const rpc = stompRpc(victim);
    await eventually(() => joins.some((join) => join.protocol === 'stomp'));
    const victimId = joins.find((join) => join.protocol === 'stomp')?.session;
    const attacker = await rpcPeer(open);
    expect(await attacker.request('subscribe', ['junction.reply.', { match: 'prefix' }])).toMatchObject(
      notAuthorized('subscribe', 'junction.reply.'),
    );
    expect((await attacker.request('subscribe', ['', { match: 'prefix' }])).error?.code).toBe(-32602);
    expect((await attacker.request('subscribe', ['j', { match: 'prefix' }])).result).toBeGreaterThan(0);

    const answer = rpc.call('sec.slow');
    await eventually(() => brokerRequests(callee).length === 1);
    // Before issue 11 a temp queue's topic was `junction.reply.<session>.<name>`: guessable.
    for (const topic of [`junction.reply.${victimId}.rpc`, 'junction.reply.rpc']) {
      const forged = await attacker.request('publish', {
        topic,
        payload: 'forged',
        headers: { 'correlation-id': 'c1' },
      });
      // Such a name is no reply path: the publish is refused, or at least reaches nobody.
      expect(forged.result === true || forged.error?.code === -32005).toBe(true);
    }
    callee.respond(brokerRequests(callee)[0]?.id as number, { result: 'genuine' });
    const reply = await answer;
    expect(reply.body).toContain('genuine');
    await sleep(100);
    expect(rpc.replies.map((message) => message.body)).toEqual([reply.body]);
    expect(pushes(attacker)).toEqual([]);
    await victim.deactivate();
  });

  it('RPC replies can be forged: a JSON-RPC subscriber still answers a STOMP request through its reply-to, and only the requester gets it', async () => {
    const responder = await rpcPeer(open);
    await responder.request('subscribe', ['sec.requests.rpc']);
    const requester = await connectStompjs(open.url);
    const { replies } = stompRpc(requester);
    requester.publish({ destination: '/topic/sec.requests.rpc', body: 'q', headers: { 'reply-to': '/temp-queue/a' } });
    await eventually(() => pushes(responder).length === 1);
    const params = pushes(responder)[0]?.params as { headers: Record<string, string> };
    const replyTo = params.headers['reply-to'] ?? '';
    expect(replyTo).toMatch(/^\/reply-queue\/[0-9a-f]{32}$/);
    const topic = `junction.reply.${replyTo.slice('/reply-queue/'.length)}`;
    expect((await responder.request('publish', [topic, 'answer'])).result).toBe(true);
    await eventually(() => replies.length === 1);
    expect(replies[0]?.body).toBe('answer');
    await requester.deactivate();
  });

  it('Calls can be captured: a JSON-RPC "#" wildcard or one-letter prefix registration never receives calls to wamp.* procedures', async () => {
    const realm = 'sec.capture';
    const catchAll = await rpcPeer(open, realm);
    // An empty prefix is no valid procedure at all (-32602); "#" and "w" reach every other URI.
    expect((await catchAll.request('register', ['', { match: 'prefix' }])).error?.code).toBe(-32602);
    expect((await catchAll.request('register', ['#', { match: 'wildcard' }])).result).toBeGreaterThan(0);
    expect((await catchAll.request('register', ['w', { match: 'prefix' }])).result).toBeGreaterThan(0);
    expect(await catchAll.request('register', ['wamp.', { match: 'prefix' }])).toMatchObject(
      notAuthorized('register', 'wamp.'),
    );
    const admin = await wampSession(open, { realm, ...asAdmin });
    const anonymous = await wampSession(open, { realm });
    const list = (await admin.session.call('wamp.session.list')) as number[];
    expect(list).toEqual(expect.arrayContaining([admin.session.id, anonymous.session.id]));
    expect(await anonymous.session.call('wamp.session.count')).toBe(3);
    await expect(anonymous.session.call('wamp.session.list')).rejects.toMatchObject({
      error: 'wamp.error.not_authorized',
    });
    await expect(anonymous.session.call('wamp.no.such.procedure')).rejects.toMatchObject({
      error: 'wamp.error.no_such_procedure',
    });
    // It does get the calls it may: an application procedure.
    const answered = anonymous.session.call('app.anything', [1]);
    await eventually(() => brokerRequests(catchAll).length === 1);
    const [request] = brokerRequests(catchAll);
    expect(request?.method).toBe('app.anything');
    catchAll.respond(request?.id as number, { result: 'mine' });
    expect(await answered).toBe('mine');
    await sleep(50);
    expect(brokerRequests(catchAll).map((message) => message.method)).toEqual(['app.anything']);
  });

  it('Calls can be captured: when only role service may register, an anonymous JSON-RPC client can neither register nor join a roundrobin registration, and gets none of its calls', async () => {
    const service = await rpcPeer(ruled);
    expect((await service.request('login', ['worker', 'worker-secret'])).result).toEqual({
      authid: 'worker',
      authrole: 'service',
    });
    expect((await service.request('register', ['svc.work', { invoke: 'roundrobin' }])).result).toBeGreaterThan(0);
    const intruder = await rpcPeer(ruled);
    expect(await intruder.request('register', ['svc.work', { invoke: 'roundrobin' }])).toMatchObject(
      notAuthorized('register', 'svc.work'),
    );
    expect(await intruder.request('register', ['svc', { match: 'prefix' }])).toMatchObject(
      notAuthorized('register', 'svc'),
    );
    const caller = await rpcPeer(ruled);
    const calls = [1, 2, 3, 4].map((n) => caller.request('svc.work', [n]));
    await eventually(() => brokerRequests(service).length === 4);
    for (const request of brokerRequests(service)) {
      service.respond(request.id as number, { result: (request.params as number[])[0] });
    }
    expect((await Promise.all(calls)).map((response) => response.result)).toEqual([1, 2, 3, 4]);
    expect(brokerRequests(intruder)).toEqual([]);
  });

  it('Identity can be claimed: a JSON-RPC login claiming alice without her secret is refused, and the session gets none of her events', async () => {
    const claimer = await rpcPeer(open);
    expect((await claimer.request('login', ['alice', ''])).error?.code).toBe(-32004);
    expect((await claimer.request('login', { authid: 'alice', secret: 'guess' })).error?.code).toBe(-32004);
    const alice = await rpcPeer(open);
    expect((await alice.request('login', ['alice', 'alice-secret'])).result).toEqual({
      authid: 'alice',
      authrole: 'user',
    });
    for (const peer of [claimer, alice]) await peer.request('subscribe', ['sec.private.rpc']);
    const publisher = await wampSession(open);
    await publisher.session.publish(
      'sec.private.rpc',
      ['for alice'],
      {},
      {
        acknowledge: true,
        eligible_authid: ['alice'],
      },
    );
    await eventually(() => pushes(alice).length === 1);
    await sleep(50);
    expect(pushes(claimer)).toEqual([]);
    expect(pushed(alice)).toEqual(['for alice']);
  });

  it('Reserved names are open: JSON-RPC publish to wamp.session.on_join and register of wamp.session.kill are refused with -32005', async () => {
    const realm = 'sec.reserved.rpc';
    const watcher = await wampSession(open, { realm });
    const joins: { session: number }[] = [];
    await watcher.session.subscribe('wamp.session.on_join', (args) => joins.push(args?.[0] as never));
    const client = await rpcPeer(open, realm);
    const forged = { session: 4242, authid: 'root', authrole: 'admin', realm };
    expect(await client.request('publish', ['wamp.session.on_join', forged])).toMatchObject(
      notAuthorized('publish', 'wamp.session.on_join'),
    );
    expect(await client.request('register', ['wamp.session.kill'])).toMatchObject(
      notAuthorized('register', 'wamp.session.kill'),
    );
    expect(await client.request('publish', ['junction.events', 1])).toMatchObject(
      notAuthorized('publish', 'junction.events'),
    );
    // A notification gets no answer, refused or not (§4.1), and reaches nobody either.
    client.notify('publish', ['wamp.session.on_join', forged]);
    await sleep(100);
    expect(joins.filter((join) => join.session === 4242)).toEqual([]);
  });

  it('There is no authorization at all: permissions allow and refuse JSON-RPC publish, subscribe (patterns by coverage), call and register', async () => {
    const anonymous = await rpcPeer(ruled);
    const alice = await rpcPeer(ruled);
    await alice.request('login', ['alice', 'alice-secret']);
    expect((await anonymous.request('subscribe', ['news.eu'])).result).toBeGreaterThan(0);
    expect((await anonymous.request('subscribe', ['news.*.sport', { match: 'wildcard' }])).result).toBeGreaterThan(0);
    expect(await anonymous.request('subscribe', ['*.sport', { match: 'wildcard' }])).toMatchObject(
      notAuthorized('subscribe', '*.sport'),
    );
    expect(await anonymous.request('subscribe', ['new', { match: 'prefix' }])).toMatchObject(
      notAuthorized('subscribe', 'new'),
    );
    expect(await anonymous.request('publish', ['news.eu', 'x'])).toMatchObject(notAuthorized('publish', 'news.eu'));
    expect((await alice.request('publish', ['news.eu', 'from alice'])).result).toBe(true);
    await eventually(() => pushes(anonymous).length === 1);
    expect(pushed(anonymous)).toEqual(['from alice']);
    expect(await alice.request('subscribe', ['other.topic'])).toMatchObject(notAuthorized('subscribe', 'other.topic'));
    expect(await alice.request('register', ['svc.alice'])).toMatchObject(notAuthorized('register', 'svc.alice'));
    expect(await alice.request('svc.missing', [])).toMatchObject(notAuthorized('call', 'svc.missing'));
    // Allowed to call, and nobody registered it: the refusal is the router's next one.
    expect((await anonymous.request('svc.missing', [])).error?.data).toMatchObject({
      uri: 'wamp.error.no_such_procedure',
    });
  });

  it('There is no authorization at all: a synchronous authorize hook decides per URI and is asked once per URI and session', async () => {
    const client = await rpcPeer(hooked);
    await client.request('subscribe', ['hook.sync.rpc']);
    await client.request('subscribe', ['hook.sync.rpc']);
    for (let i = 0; i < 3; i++) expect((await client.request('publish', ['hook.sync.rpc', i])).result).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(await client.request('publish', ['hook.sync.denied', i])).toMatchObject(
        notAuthorized('publish', 'hook.sync.denied'),
      );
    }
    const ids = new Set(asked.map((line) => Number(line.split(' ')[0])));
    // The client's session id: the one that asked about its topic.
    const id = [...ids].find((session) => asked.includes(`${session} subscribe hook.sync.rpc`));
    expect(asked.filter((line) => line.startsWith(`${id} `)).sort()).toEqual(
      [`${id} subscribe hook.sync.rpc`, `${id} publish hook.sync.rpc`, `${id} publish hook.sync.denied`].sort(),
    );
  });

  it('There is no authorization at all: an asynchronous authorize hook holds JSON-RPC requests in order, then allows or refuses them', async () => {
    const client = await rpcPeer(hooked);
    const order: string[] = [];
    // Neither waits for the other: the subscribe is decided (and in place) before the publishes run.
    const noted = (what: string) => (answer: JsonRpcMessage) => {
      order.push(what);
      return answer;
    };
    const subscribed = client.request('subscribe', ['hook.async.rpc']).then(noted('subscribe'));
    const published = [1, 2, 3].map((n) =>
      client.request('publish', ['hook.async.rpc', n]).then(noted(`publish ${n}`)),
    );
    const answers: JsonRpcMessage[] = await Promise.all([subscribed, ...published]);
    expect(answers.map((answer) => answer.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(order).toEqual(['subscribe', 'publish 1', 'publish 2', 'publish 3']);
    await eventually(() => pushes(client).length === 3);
    expect(pushed(client)).toEqual([1, 2, 3]);
    expect(await client.request('hook.async.denied', [])).toMatchObject(notAuthorized('call', 'hook.async.denied'));
    expect(await client.request('register', ['hook.async.denied'])).toMatchObject(
      notAuthorized('register', 'hook.async.denied'),
    );
    // In a batch, a waiting element delays the batch's one reply, not its neighbours' work.
    const batch = new Promise<unknown>((resolve) =>
      client.ws.once('message', (data) => resolve(JSON.parse(`${data}`))),
    );
    client.ws.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'publish', params: ['hook.async.batch.denied', 1] },
        { jsonrpc: '2.0', id: 'b', method: 'subscribe', params: ['plain.topic'] },
      ]),
    );
    expect(await batch).toEqual([
      { jsonrpc: '2.0', id: 'a', error: notAuthorized('publish', 'hook.async.batch.denied').error },
      { jsonrpc: '2.0', id: 'b', result: expect.any(Number) },
    ]);
  });

  it('There is no authorization at all: while the authorize hook decides, at most maxPayload bytes wait behind the request; more closes the session', async () => {
    const client = await rpcPeer(stalled);
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    void client.request('subscribe', ['stall.topic']);
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 5; i++) client.notify('publish', ['other.topic', filler]);
    expect(await closed).toBe(1008);
  });
});
