import { describe, expect, it } from 'vitest';
import { eventually, SERIALIZER_NAMES, wampBrokerForFile } from './autobahn-client.js';

const broker = wampBrokerForFile();

describe.each(SERIALIZER_NAMES)('WAMP pub/sub with autobahn over %s', (serializer) => {
  const connect = async (options = {}) => {
    return (await broker.open(serializer, options)).session;
  };

  it('[WAMP PUBLISH] delivers args and kwargs, binary included, to a subscriber', async () => {
    const [sub, pub] = await Promise.all([connect(), connect()]);
    const received: unknown[] = [];
    await sub.subscribe(`com.${serializer}.basic`, (args, kwargs) => received.push({ args, kwargs }));
    await pub.publish(`com.${serializer}.basic`, [1, 'two', { three: 3 }], { four: [4] }, { acknowledge: true });
    await eventually(() => received.length === 1);
    expect(received[0]).toEqual({ args: [1, 'two', { three: 3 }], kwargs: { four: [4] } });
  });

  it('[WAMP §2.28] excludes the publisher by default and includes it with exclude_me false', async () => {
    const session = await connect();
    const received: unknown[] = [];
    await session.subscribe(`com.${serializer}.self`, (args) => received.push(args[0]));
    await session.publish(`com.${serializer}.self`, ['excluded'], undefined, { acknowledge: true });
    await session.publish(`com.${serializer}.self`, ['included'], undefined, { acknowledge: true, exclude_me: false });
    // Events of one publisher arrive in order: a wrongly delivered 'excluded' would come first.
    await eventually(() => received.includes('included'));
    expect(received).toEqual(['included']);
  });

  it('[WAMP §2.28] filters receivers with eligible and exclude', async () => {
    const [a, b, pub] = await Promise.all([connect(), connect(), connect()]);
    const got: string[] = [];
    await a.subscribe(`com.${serializer}.list`, (args) => got.push(`a:${String(args[0])}`));
    await b.subscribe(`com.${serializer}.list`, (args) => got.push(`b:${String(args[0])}`));
    await pub.publish(`com.${serializer}.list`, ['only-a'], undefined, { acknowledge: true, eligible: [a.id] });
    await pub.publish(`com.${serializer}.list`, ['not-a'], undefined, { acknowledge: true, exclude: [a.id] });
    // A last event to both: events of one publisher arrive in order, so once both have it, any
    // wrong delivery of the filtered ones has arrived too (no waiting for nothing to happen).
    await pub.publish(`com.${serializer}.list`, ['end'], undefined, { acknowledge: true });
    await eventually(() => got.includes('a:end') && got.includes('b:end'));
    expect(got.filter((entry) => !entry.endsWith(':end')).sort()).toEqual(['a:only-a', 'b:not-a']);
  });

  it('[WAMP §2.27] matches prefix and wildcard subscriptions and tells the topic', async () => {
    const [sub, pub] = await Promise.all([connect(), connect()]);
    const topics: string[] = [];
    await sub.subscribe(`com.${serializer}.prefix`, (_a, _k, details) => topics.push(`prefix:${details.topic}`), {
      match: 'prefix',
    });
    await sub.subscribe(`com.${serializer}..temp`, (_a, _k, details) => topics.push(`wildcard:${details.topic}`), {
      match: 'wildcard',
    });
    await pub.publish(`com.${serializer}.prefix.a`, [], undefined, { acknowledge: true });
    await pub.publish(`com.${serializer}.room.temp`, [], undefined, { acknowledge: true });
    await eventually(() => topics.length === 2);
    expect(topics.sort()).toEqual([`prefix:com.${serializer}.prefix.a`, `wildcard:com.${serializer}.room.temp`]);
  });

  it('[WAMP §2.28] answers an acknowledged publish with its publication id', async () => {
    const session = await connect();
    const publication = await session.publish(`com.${serializer}.ack`, [1], undefined, { acknowledge: true });
    expect(publication?.id).toBeGreaterThanOrEqual(1);
  });

  it('[WAMP publisher identification] discloses the publisher only when asked', async () => {
    const [sub, pub] = await Promise.all([connect(), connect()]);
    const publishers: unknown[] = [];
    await sub.subscribe(`com.${serializer}.who`, (_a, _k, details) => publishers.push(details.publisher));
    await pub.publish(`com.${serializer}.who`, [], undefined, { acknowledge: true });
    await pub.publish(`com.${serializer}.who`, [], undefined, { acknowledge: true, disclose_me: true });
    await eventually(() => publishers.length === 2);
    expect(publishers).toEqual([undefined, pub.id]);
  });
});
