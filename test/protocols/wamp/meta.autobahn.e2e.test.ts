import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wamp } from '../../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { eventually, type OpenSession, openSession } from './autobahn-client.js';

let server: StartedJunction;
const open: OpenSession[] = [];

beforeAll(async () => {
  server = await startJunction({
    protocols: [wamp()],
    auth: { users: [{ authid: 'root', secret: 'root-secret', authrole: 'admin' }] },
  });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close().catch(() => {})));
  await server.close();
});

async function connect(realm: string, options = {}): Promise<OpenSession> {
  const session = await openSession(server.url, 'json', { realm, ...options });
  open.push(session);
  return session;
}

/** The session-revealing meta procedures are for admin roles when no permissions are configured (issue 11). */
const asAdmin = { authmethods: ['ticket'], authid: 'root', onchallenge: () => 'root-secret' };

interface CallError {
  error: string;
}

describe('WAMP meta API with autobahn', () => {
  it('[WAMP session meta] counts, lists and describes the sessions of a realm', async () => {
    const [{ session: a }, { session: b }] = await Promise.all([
      connect('meta.sessions', asAdmin),
      connect('meta.sessions'),
    ]);
    expect(await a.call('wamp.session.count')).toBe(2);
    expect(((await a.call('wamp.session.list')) as number[]).sort()).toEqual([a.id, b.id].sort());
    expect(await a.call('wamp.session.get', [b.id])).toMatchObject({ session: b.id, authrole: 'anonymous' });
    await expect(a.call('wamp.session.get', [1])).rejects.toMatchObject({ error: 'wamp.error.no_such_session' });
  });

  it('[WAMP session meta] publishes on_join and on_leave', async () => {
    const { session: watcher } = await connect('meta.events');
    const joins: unknown[] = [];
    const leaves: unknown[] = [];
    await watcher.subscribe('wamp.session.on_join', (args) => joins.push(args[0]));
    await watcher.subscribe('wamp.session.on_leave', (args) => leaves.push(args[0]));
    const visitor = await connect('meta.events');
    const id = visitor.session.id;
    await eventually(() => joins.length === 1);
    expect(joins[0]).toMatchObject({ session: id, realm: 'meta.events' });
    await visitor.close();
    await eventually(() => leaves.length === 1);
    expect(leaves[0]).toBe(id);
  });

  it('[WAMP subscription meta] looks up, matches and counts subscribers', async () => {
    const [{ session: a }, { session: b }] = await Promise.all([connect('meta.subs', asAdmin), connect('meta.subs')]);
    const exact = await a.subscribe('com.meta.topic', () => {});
    await b.subscribe('com.meta.topic', () => {});
    const prefix = await a.subscribe('com.meta', () => {}, { match: 'prefix' });
    expect(await a.call('wamp.subscription.lookup', ['com.meta.topic'])).toBe(exact.id);
    expect(await a.call('wamp.subscription.lookup', ['com.meta', { match: 'prefix' }])).toBe(prefix.id);
    expect(((await a.call('wamp.subscription.match', ['com.meta.topic'])) as number[]).sort()).toEqual(
      [exact.id, prefix.id].sort(),
    );
    expect(await a.call('wamp.subscription.count_subscribers', [exact.id])).toBe(2);
    expect(((await a.call('wamp.subscription.list_subscribers', [exact.id])) as number[]).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    expect(await a.call('wamp.subscription.get', [prefix.id])).toMatchObject({ uri: 'com.meta', match: 'prefix' });
    expect(await a.call('wamp.subscription.list')).toMatchObject({ exact: [exact.id], prefix: [prefix.id] });
  });

  it('[WAMP registration meta] looks up, matches and lists callees', async () => {
    const [{ session: a }, { session: b }] = await Promise.all([connect('meta.regs', asAdmin), connect('meta.regs')]);
    const shared = await a.register('com.meta.proc', () => 1, { invoke: 'roundrobin' });
    await b.register('com.meta.proc', () => 2, { invoke: 'roundrobin' });
    expect(await a.call('wamp.registration.lookup', ['com.meta.proc'])).toBe(shared.id);
    expect(await a.call('wamp.registration.match', ['com.meta.proc'])).toBe(shared.id);
    expect(await a.call('wamp.registration.match', ['com.meta.none'])).toBe(null);
    expect(await a.call('wamp.registration.count_callees', [shared.id])).toBe(2);
    expect(((await a.call('wamp.registration.list_callees', [shared.id])) as number[]).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    expect(await a.call('wamp.registration.get', [shared.id])).toMatchObject({
      uri: 'com.meta.proc',
      invoke: 'roundrobin',
    });
    await expect(a.call('wamp.registration.get', [987654321])).rejects.toMatchObject({
      error: 'wamp.error.no_such_registration',
    });
  });

  it('[WAMP session meta] lets an admin kill a session and refuses everyone else', async () => {
    const victim = await connect('meta.kill');
    const { session: user } = await connect('meta.kill');
    const { session: admin } = await connect('meta.kill', {
      authmethods: ['ticket'],
      authid: 'root',
      onchallenge: () => 'root-secret',
    });
    const refused = (await user.call('wamp.session.kill', [victim.session.id]).catch((e: CallError) => e)) as CallError;
    expect(refused.error).toBe('wamp.error.not_authorized');
    await admin.call('wamp.session.kill', [victim.session.id]);
    expect(await victim.closed).toBe('wamp.close.killed');
  });
});
