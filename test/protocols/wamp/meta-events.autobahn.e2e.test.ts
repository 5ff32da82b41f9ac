import { describe, expect, it } from 'vitest';
import { eventually, type OpenSession, sleep, wampBrokerForFile } from './autobahn-client.js';

const broker = wampBrokerForFile();

async function connect(realm: string): Promise<OpenSession> {
  return broker.open('json', { realm });
}

type Seen = [topic: string, args: unknown[]];

/** Subscribes `watcher` to each meta topic; collects [topic, args] in arrival order. */
async function watch(watcher: OpenSession, topics: readonly string[]): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const topic of topics) await watcher.session.subscribe(topic, (args) => seen.push([topic, args ?? []]));
  return seen;
}

const SUBSCRIPTION_TOPICS = ['on_create', 'on_subscribe', 'on_unsubscribe', 'on_delete'].map(
  (name) => `wamp.subscription.${name}`,
);
const REGISTRATION_TOPICS = ['on_create', 'on_register', 'on_unregister', 'on_delete'].map(
  (name) => `wamp.registration.${name}`,
);

/** The events caused by `sessionId`, topic names shortened. */
const by = (seen: readonly Seen[], sessionId: number) =>
  seen.filter(([, args]) => args[0] === sessionId).map(([topic, args]) => [topic.split('.').pop(), args[1]]);

describe('WAMP subscription and registration meta events with autobahn', () => {
  it('[WAMP meta events] on_create, on_subscribe, on_unsubscribe, on_delete', async () => {
    const watcher = await connect('meta.subevents');
    const seen = await watch(watcher, SUBSCRIPTION_TOPICS);
    const a = await connect('meta.subevents');
    const b = await connect('meta.subevents');
    const subA = await a.session.subscribe('com.example.news', () => {});
    const subB = await b.session.subscribe('com.example.news', () => {});
    await eventually(() => by(seen, b.session.id).length === 1);
    expect(by(seen, a.session.id)).toEqual([
      ['on_create', { id: subA.id, created: expect.any(String), uri: 'com.example.news', match: 'exact' }],
      ['on_subscribe', subA.id],
    ]);
    expect(by(seen, b.session.id)).toEqual([['on_subscribe', subB.id]]);
    await a.session.unsubscribe(subA);
    await b.session.unsubscribe(subB);
    await eventually(() => by(seen, b.session.id).length === 3);
    expect(by(seen, a.session.id).slice(2)).toEqual([['on_unsubscribe', subA.id]]);
    expect(by(seen, b.session.id).slice(1)).toEqual([
      ['on_unsubscribe', subB.id],
      ['on_delete', subB.id],
    ]);
  });

  it('[WAMP meta events] on_create, on_register, on_unregister, on_delete, also when the callee leaves', async () => {
    const watcher = await connect('meta.regevents');
    const seen = await watch(watcher, REGISTRATION_TOPICS);
    const callee = await connect('meta.regevents');
    const id = callee.session.id;
    const registration = await callee.session.register('com.example.add', (args) => Number(args?.[0]) + 1, {
      invoke: 'roundrobin',
    });
    await eventually(() => by(seen, id).length === 2);
    expect(by(seen, id)).toEqual([
      [
        'on_create',
        {
          id: registration.id,
          created: expect.any(String),
          uri: 'com.example.add',
          match: 'exact',
          invoke: 'roundrobin',
        },
      ],
      ['on_register', registration.id],
    ]);
    await callee.close();
    await eventually(() => by(seen, id).length === 4);
    expect(by(seen, id).slice(2)).toEqual([
      ['on_unregister', registration.id],
      ['on_delete', registration.id],
    ]);
  });

  it('[WAMP meta events] a subscription to on_create reports itself once, and no more', async () => {
    const watcher = await connect('meta.recursion');
    const seen: unknown[][] = [];
    const subscription = await watcher.session.subscribe('wamp.subscription.on_create', (args) =>
      seen.push(args ?? []),
    );
    await eventually(() => seen.length === 1);
    expect(seen[0]).toEqual([
      watcher.session.id,
      { id: subscription.id, created: expect.any(String), uri: 'wamp.subscription.on_create', match: 'exact' },
    ]);
    await sleep(100);
    expect(seen).toHaveLength(1);
  });

  it('[WAMP meta events] a client may not publish to the meta topics', async () => {
    const watcher = await connect('meta.reserved');
    const seen = await watch(watcher, ['wamp.subscription.on_create']);
    const client = await connect('meta.reserved');
    await expect(
      client.session.publish('wamp.subscription.on_create', [1, {}], {}, { acknowledge: true }),
    ).rejects.toMatchObject({ error: 'wamp.error.invalid_uri' });
    await sleep(50);
    expect(seen.filter(([, args]) => args[0] === client.session.id)).toEqual([]);
  });
});
