import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wamp } from '../../../protocols/wamp/index.js';
import { MAX_TESTAMENTS } from '../../../protocols/wamp/testaments.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { eventually, type OpenSession, openSession, sleep } from './autobahn-client.js';

let server: StartedJunction;
const open: OpenSession[] = [];

beforeAll(async () => {
  server = await startJunction({ protocols: [wamp()], limits: { maxPayload: 64 * 1024 } });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close().catch(() => {})));
  await server.close();
});

async function connect(realm: string): Promise<OpenSession> {
  const session = await openSession(server.url, 'json', { realm });
  open.push(session);
  return session;
}

interface Seen {
  args: unknown[] | undefined;
  kwargs: Record<string, unknown> | undefined;
}

async function listen(watcher: OpenSession, topic: string): Promise<Seen[]> {
  const seen: Seen[] = [];
  await watcher.session.subscribe(topic, (args, kwargs) => seen.push({ args, kwargs }));
  return seen;
}

/** Drops the transport without a GOODBYE, as a crashed client would. */
function drop(client: OpenSession): void {
  (client.session as unknown as { _socket: { close(code: number, reason: string): void } })._socket.close(1000, 'gone');
}

describe('WAMP testaments with autobahn', () => {
  it('[WAMP testament] publishes a testament when the connection drops', async () => {
    const watcher = await connect('testament.drop');
    const seen = await listen(watcher, 'com.example.presence');
    const client = await connect('testament.drop');
    await client.session.call('wamp.session.add_testament', ['com.example.presence', ['gone'], { who: 'client' }]);
    expect(seen).toEqual([]);
    drop(client);
    await eventually(() => seen.length === 1);
    expect(seen[0]).toEqual({ args: ['gone'], kwargs: { who: 'client' } });
  });

  it('[WAMP testament] publishes both scopes on GOODBYE, in the order added, with publish_options', async () => {
    const watcher = await connect('testament.goodbye');
    const seen = await listen(watcher, 'com.example.bye');
    const excluded = await connect('testament.goodbye');
    const unseen = await listen(excluded, 'com.example.bye');
    const client = await connect('testament.goodbye');
    await client.session.call('wamp.session.add_testament', ['com.example.bye', [1]], {
      publish_options: { exclude: [excluded.session.id] },
    });
    await client.session.call('wamp.session.add_testament', ['com.example.bye', [2]], { scope: 'detached' });
    await client.close();
    await eventually(() => seen.length === 2);
    expect(seen.map((s) => s.args)).toEqual([[1], [2]]);
    expect(unseen.map((s) => s.args)).toEqual([[2]]);
  });

  it('[WAMP testament] flush_testaments drops a scope and answers how many', async () => {
    const watcher = await connect('testament.flush');
    const seen = await listen(watcher, 'com.example.flushed');
    const client = await connect('testament.flush');
    await client.session.call('wamp.session.add_testament', ['com.example.flushed', ['a']]);
    await client.session.call('wamp.session.add_testament', ['com.example.flushed', ['b']]);
    await client.session.call('wamp.session.add_testament', ['com.example.flushed', ['c']], { scope: 'detached' });
    expect(await client.session.call('wamp.session.flush_testaments', [], { scope: 'destroyed' })).toBe(2);
    await client.close();
    await eventually(() => seen.length === 1);
    await sleep(50);
    expect(seen.map((s) => s.args)).toEqual([['c']]);
  });

  it('[WAMP testament] refuses a reserved or invalid topic with wamp.error.invalid_uri', async () => {
    const client = await connect('testament.reserved');
    for (const topic of ['wamp.session.on_leave', 'junction.internal', 'not a uri', 42]) {
      await expect(client.session.call('wamp.session.add_testament', [topic, []])).rejects.toMatchObject({
        error: 'wamp.error.invalid_uri',
      });
    }
    await expect(
      client.session.call('wamp.session.add_testament', ['com.example.x', []], { scope: 'forever' }),
    ).rejects.toMatchObject({ error: 'wamp.error.invalid_argument' });
  });

  it(`[WAMP testament] refuses more than ${MAX_TESTAMENTS} testaments, or more bytes than maxPayload`, async () => {
    const client = await connect('testament.limits');
    for (let i = 0; i < MAX_TESTAMENTS; i++) {
      await client.session.call('wamp.session.add_testament', ['com.example.many', [i]]);
    }
    const refused = client.session.call('wamp.session.add_testament', ['com.example.many', [MAX_TESTAMENTS]]);
    await expect(refused).rejects.toMatchObject({ error: 'junction.error.limit_exceeded' });
    expect(await client.session.call('wamp.session.flush_testaments')).toBe(MAX_TESTAMENTS);
    const half = 'x'.repeat(40 * 1024);
    await client.session.call('wamp.session.add_testament', ['com.example.big', [half]]);
    await expect(client.session.call('wamp.session.add_testament', ['com.example.big', [half]])).rejects.toMatchObject({
      error: 'junction.error.limit_exceeded',
    });
  });
});
