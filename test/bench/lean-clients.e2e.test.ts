/**
 * The bench's lean clients (bench/lean/) count deliveries and calls without parsing them fully:
 * against a real broker they must still see every message once, in order, and every echo intact,
 * or `npm run bench` would report figures for work that did not happen. No timing assertions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanFanout, leanFanoutDrivers } from '../../bench/lean/fanout.js';
import { leanManyToMany } from '../../bench/lean/many.js';
import { leanRpc } from '../../bench/lean/rpc.js';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';

let broker: StartedJunction;

beforeAll(async () => {
  broker = await startJunction({ protocols: [stomp(), wamp(), jsonrpc()], limits: { messagesPerSecond: 1_000_000 } });
});
afterAll(() => broker.close());

describe('lean bench clients against Junction', () => {
  it.each(['stomp', 'wamp.2.json', 'wamp.2.msgpack', 'jsonrpc'] as const)(
    '%s fan-out: every subscriber receives every message once and in order',
    async (protocol) => {
      const job = {
        url: broker.url,
        publisher: protocol,
        subscribers: [protocol],
        subscriberCount: 5,
        messages: 300,
        window: 0,
      } as const;
      const drivers = leanFanoutDrivers(job);
      expect(drivers).toBeDefined();
      const result = await leanFanout(job, drivers as NonNullable<typeof drivers>);
      expect(result).toMatchObject({ lost: 0, duplicates: 0, reordered: 0, unparsed: 0, complete: true });
      expect(result.generatorCpu).toBeGreaterThanOrEqual(0);
    },
  );

  it.each(['wamp.2.json', 'wamp.2.msgpack', 'jsonrpc'] as const)(
    '%s RPC: every call comes back with its own arguments',
    async (driver) => {
      const result = await leanRpc({ url: broker.url, driver, callers: 3, outstanding: 4, calls: 600 });
      expect(result.errors).toBe(0);
      expect(result.latencyMs.p50).toBeGreaterThan(0);
    },
  );

  it.each(['stomp', 'wamp.2.json', 'jsonrpc'] as const)(
    '%s many-to-many: each topic’s subscriber receives its publisher’s messages once and in order',
    async (driver) => {
      const result = await leanManyToMany({ url: broker.url, driver, publishers: 6, messagesPerPublisher: 300 });
      expect(result).toMatchObject({ lost: 0, duplicates: 0, reordered: 0, unparsed: 0, complete: true });
    },
  );

  it('cross-protocol fan-out: STOMP, WAMP and JSON-RPC subscribers of one STOMP publisher each get every message', async () => {
    const mixed = {
      url: broker.url,
      publisher: 'stomp',
      subscribers: ['stomp', 'wamp.2.json', 'wamp.2.msgpack', 'jsonrpc'],
      subscriberCount: 8,
      messages: 300,
      window: 0,
    } as const;
    const drivers = leanFanoutDrivers(mixed);
    expect(drivers).toBeDefined();
    const result = await leanFanout(mixed, drivers as NonNullable<typeof drivers>);
    expect(result).toMatchObject({ lost: 0, duplicates: 0, reordered: 0, unparsed: 0, complete: true });
  });
});
