/**
 * issue 11 across a cluster: two brokers on the in-process bus engine, autobahn and raw JSON-RPC
 * clients over real sockets. Each node decides for its own clients (a refusal never leaves the
 * client's node, so the callee on the other node never hears of it), and identities travel with
 * calls and publications: a callee or subscriber on the other node sees the authid the broker gave
 * the caller or publisher, when disclosed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { createBusEngine, MemoryBus } from '../../src/cluster/bus-engine.js';
import type { PermissionRule } from '../../src/plugin/index.js';
import { eventually, TIMING } from '../cluster/harness.js';
import { type JsonRpcPeer, jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { type OpenSession, openSession } from '../protocols/wamp/autobahn-client.js';

const USERS = [{ authid: 'alice', secret: 'alice-secret', authrole: 'user' }];
const asAlice = { authmethods: ['ticket'], authid: 'alice', onchallenge: () => 'alice-secret' };

/** Node A's rules: anonymous clients may call `open.*` only; node B has none (everything allowed). */
const permissions: PermissionRule[] = [
  { role: 'anonymous', uri: 'open.', match: 'prefix', allow: ['call'] },
  { role: 'user', uri: '', match: 'prefix', allow: ['call', 'publish', 'subscribe', 'register'] },
];

let a: StartedJunction;
let b: StartedJunction;
const sessions: OpenSession[] = [];
const peers: JsonRpcPeer[] = [];

beforeAll(async () => {
  const bus = new MemoryBus();
  const node = (nodeId: string, rules?: PermissionRule[]) =>
    startJunction({
      protocols: [wamp(), jsonrpc()],
      engine: createBusEngine(bus, { ...TIMING, nodeId }),
      auth: { users: USERS, ...(rules && { permissions: rules }) },
    });
  [a, b] = await Promise.all([node('a', permissions), node('b')]);
});

afterAll(async () => {
  for (const peer of peers) peer.close();
  await Promise.all(sessions.map((s) => s.close().catch(() => {})));
  await Promise.all([a?.close(), b?.close()]);
});

async function connect(node: StartedJunction, options: Record<string, unknown> = {}): Promise<OpenSession> {
  const opened = await openSession(node.url, 'msgpack', options);
  sessions.push(opened);
  return opened;
}

/** Waits until node A routes calls to `procedure` (registered on node B). */
const routed = (procedure: string) =>
  eventually(() => a.junction.router.engine.calls.route('realm1', procedure) !== undefined);

describe('Authorization across a cluster', () => {
  it("Across a cluster: a refusal happens on the client's own node, and the callee on the other node never sees the call", async () => {
    const callee = await connect(b);
    const invoked: string[] = [];
    for (const procedure of ['secret.proc', 'open.proc']) {
      await callee.session.register(procedure, (_args, _kwargs, details) => {
        invoked.push(`${procedure} ${details?.caller_authid}`);
        return procedure;
      });
    }
    await routed('secret.proc');
    await routed('open.proc');
    const caller = await connect(a);
    await expect(caller.session.call('secret.proc')).rejects.toMatchObject({
      error: 'wamp.error.not_authorized',
      kwargs: { action: 'call', uri: 'secret.proc' },
    });
    const rpc = await jsonRpcPeer(a.url);
    peers.push(rpc);
    expect(await rpc.request('secret.proc', [])).toMatchObject({
      error: { code: -32005, data: { action: 'call', uri: 'secret.proc' } },
    });
    // Node B has no rules: its own anonymous clients may call it.
    const local = await connect(b);
    expect(await local.session.call('secret.proc', [], {}, { disclose_me: true })).toBe('secret.proc');
    // What node A allows reaches node B, with the authid node A gave its anonymous caller.
    expect(await caller.session.call('open.proc', [], {}, { disclose_me: true })).toBe('open.proc');
    expect(invoked).toEqual([`secret.proc ${local.welcome.authid}`, `open.proc ${caller.welcome.authid}`]);
    expect(caller.welcome.authid).toMatch(/^anonymous-[0-9a-f]{12}$/);
  });

  it("Across a cluster: a callee on the other node sees the caller's authid, and a subscriber there the publisher's, when disclosed", async () => {
    const callee = await connect(b);
    const callers: unknown[] = [];
    await callee.session.register('who.calls', (_args, _kwargs, details) => {
      callers.push(details?.caller_authid);
      return null;
    });
    const events: [unknown, unknown][] = [];
    await callee.session.subscribe('who.publishes', (args, _kwargs, details) => {
      events.push([args?.[0], details?.publisher_authid]);
    });
    await routed('who.calls');
    const alice = await connect(a, asAlice);
    expect(alice.welcome.authid).toBe('alice');
    await alice.session.call('who.calls', [], {}, { disclose_me: true });
    expect(callers).toEqual(['alice']);
    // The subscription reaches node A's routing a moment later: warm up until one message crossed.
    await eventually(() => {
      void alice.session.publish('who.publishes', ['warmup']);
      return events.length > 0;
    });
    await alice.session.publish('who.publishes', ['real'], {}, { acknowledge: true, disclose_me: true });
    await eventually(() => events.some(([value]) => value === 'real'));
    expect(events.filter(([value]) => value === 'real')).toEqual([['real', 'alice']]);
    // Undisclosed, the warm-up messages carried no identity.
    expect(events.filter(([value]) => value === 'warmup').every(([, authid]) => authid === undefined)).toBe(true);
  });
});
