import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wampy } from 'wampy';
import { CborSerializer } from 'wampy/CborSerializer.js';
import { MsgpackSerializer } from 'wampy/MsgpackSerializer.js';
import WebSocket from 'ws';
import { wamp } from '../../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { eventually } from './autobahn-client.js';

let server: StartedJunction;
const clients: Wampy[] = [];

beforeAll(async () => {
  server = await startJunction({ protocols: [wamp()] });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.disconnect().catch(() => {})));
  await server.close();
});

type WampyWs = NonNullable<NonNullable<ConstructorParameters<typeof Wampy>[1]>['ws']>;

const SERIALIZERS = {
  json: () => undefined,
  msgpack: () => new MsgpackSerializer(),
  cbor: () => new CborSerializer(),
};

describe.each(Object.keys(SERIALIZERS) as (keyof typeof SERIALIZERS)[])('WAMP with wampy over %s', (name) => {
  const connect = async (): Promise<Wampy> => {
    const serializer = SERIALIZERS[name]();
    const client = new Wampy(server.url, {
      realm: 'realm1',
      ws: WebSocket as unknown as WampyWs,
      autoReconnect: false,
      ...(serializer && { serializer }),
    });
    clients.push(client);
    await client.connect();
    return client;
  };

  it('[WAMP PUBLISH] delivers an event with args and kwargs to a wampy subscriber', async () => {
    const [sub, pub] = await Promise.all([connect(), connect()]);
    const events: unknown[] = [];
    await sub.subscribe(`com.wampy.${name}.news`, (event) => {
      events.push([event.argsList, event.argsDict]);
    });
    await pub.publish(`com.wampy.${name}.news`, { argsList: [1, 'a'], argsDict: { k: true } });
    await eventually(() => events.length === 1);
    expect(events[0]).toEqual([[1, 'a'], { k: true }]);
  });

  it('[WAMP CALL] calls a procedure registered by another wampy session', async () => {
    const [callee, caller] = await Promise.all([connect(), connect()]);
    await callee.register(`com.wampy.${name}.square`, ({ argsList }) => ({
      argsList: [(argsList?.[0] as number) ** 2],
    }));
    const result = await caller.call(`com.wampy.${name}.square`, [7]);
    expect(result.argsList).toEqual([49]);
  });

  it('[WAMP §2.22] hands a wampy caller the callee error URI and args', async () => {
    const [callee, caller] = await Promise.all([connect(), connect()]);
    await callee.register(`com.wampy.${name}.fail`, () => {
      throw Object.assign(new Error('nope'), { error: 'com.wampy.error.nope', argsList: ['bad'] });
    });
    const error = (await caller.call(`com.wampy.${name}.fail`).catch((e: unknown) => e)) as {
      errorUri?: string;
      argsList?: unknown[];
    };
    expect([error.errorUri, error.argsList]).toEqual(['com.wampy.error.nope', ['bad']]);
  });
});
