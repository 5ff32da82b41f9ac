/**
 * Issue 12, point 1, over real sockets: clients naming a new realm each (STOMP `host`, WAMP HELLO,
 * JSON-RPC `?realm=`) create at most `maxRealms` realms; one more is refused in each protocol's
 * form (STOMP ERROR, WAMP ABORT `wamp.error.no_such_realm`, JSON-RPC close 1008 with the reason),
 * and a realm is forgotten once its sessions leave. The default realm and a configured list stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { header } from '../../protocols/stomp/frame.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { eventually } from '../helpers/eventually.js';
import { jsonRpcPeer } from '../helpers/jsonrpc-peer.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { closed, openClient } from '../helpers/ws-client.js';
import { bodyText, type RawClient, rawClient } from '../protocols/stomp/raw-client.js';
import { openSession } from '../protocols/wamp/autobahn-client.js';

const CAP = 50;
const ATTEMPTS = 300;

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp(), wamp(), jsonrpc()], limits: { maxRealms: CAP } });
});
afterAll(async () => {
  await server.close();
});

const realmNames = () => [...server.junction.router.realmNames()].sort();

/** CONNECT naming `host`; resolves with the client and the first frame it got back. */
async function stompConnect(url: string, host: string) {
  const client = await rawClient(url);
  client.send(`CONNECT\naccept-version:1.2\nhost:${host}\n\n\0`);
  return { client, reply: await client.next() };
}

/** Runs `task` over `items`, `width` at a time (300 sockets at once would only test the OS). */
async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width)
    results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  return results;
}

describe('Realm bounds over real sockets', () => {
  it('creates at most maxRealms realms for 300 STOMP CONNECTs naming new hosts, refuses the rest, and forgets them once their sessions leave', async () => {
    const hosts = Array.from({ length: ATTEMPTS }, (_, i) => `flood.h${i}`);
    const results = await inBatches(hosts, 25, (host) => stompConnect(server.url, host));
    const connected = results.filter(({ reply }) => reply.command === 'CONNECTED');
    const refused = results.filter(({ reply }) => reply.command === 'ERROR');
    expect(connected).toHaveLength(CAP);
    expect(refused).toHaveLength(ATTEMPTS - CAP);
    const { reply, client } = refused[0]!;
    expect(header(reply, 'message')).toMatch(/^Cannot join realm flood\.h\d+$/);
    expect(bodyText(reply)).toMatch(
      new RegExp(`^Limit maxRealms \\(${CAP}\\) reached: realm "flood\\.h\\d+" not created$`),
    );
    expect(await client.closed).toBe(1008);
    expect(realmNames()).toHaveLength(CAP + 1);
    expect(realmNames()).toContain('realm1');

    // At the cap, the other protocols are refused in their own form too.
    await expect(openSession(server.url, 'json', { realm: 'flood.wamp' })).rejects.toThrow('wamp.error.no_such_realm');
    const ws = await openClient(`${server.url}/?realm=flood.jsonrpc`, 'jsonrpc');
    expect(await closed(ws)).toEqual({
      code: 1008,
      reason: `cannot join realm: Limit maxRealms (${CAP}) reached: realm "flood.jsonrpc" not created`,
    });
    // An existing realm still takes sessions, and the default realm never counts.
    const inUse = hosts.find((_, i) => results[i]!.reply.command === 'CONNECTED')!;
    const joined = await stompConnect(server.url, inUse);
    expect(joined.reply.command).toBe('CONNECTED');
    const defaultRealm = await stompConnect(server.url, '/');
    expect(defaultRealm.reply.command).toBe('CONNECTED');

    for (const { client: c } of [...connected, joined, defaultRealm]) c.close();
    await eventually(() => expect(realmNames()).toEqual(['realm1']));
    for (const { client: c } of refused) c.close();
  });

  it('forgets realms WAMP and JSON-RPC sessions created once they leave, and makes room for new ones', async () => {
    const wampSession = await openSession(server.url, 'json', { realm: 'left.wamp' });
    const peer = await jsonRpcPeer(server.url, 'left.jsonrpc');
    expect((await peer.request('publish', { topic: 'x', args: [1] })).error).toBeUndefined();
    expect(realmNames()).toEqual(['left.jsonrpc', 'left.wamp', 'realm1']);
    await wampSession.close();
    peer.close();
    await eventually(() => expect(realmNames()).toEqual(['realm1']));
    const clients: RawClient[] = [];
    for (let i = 0; i < CAP; i++) {
      const { client, reply } = await stompConnect(server.url, `again.h${i}`);
      expect(reply.command).toBe('CONNECTED');
      clients.push(client);
    }
    for (const client of clients) client.close();
    await eventually(() => expect(realmNames()).toEqual(['realm1']));
  });

  it('keeps the realms a config lists, and its default realm, after their sessions leave', async () => {
    const strict = await startJunction({ protocols: [stomp()], realms: ['main', 'audit'], limits: { maxRealms: 0 } });
    try {
      const { client, reply } = await stompConnect(strict.url, 'audit');
      expect(reply.command).toBe('CONNECTED');
      const other = await stompConnect(strict.url, 'unlisted');
      expect(header(other.reply, 'message')).toBe('Unknown realm unlisted (named by the host header)');
      client.close();
      await client.closed;
      await eventually(() => expect(strict.junction.router.realm('audit')?.sessions()).toEqual([]));
      expect([...strict.junction.router.realmNames()].sort()).toEqual(['audit', 'main']);
    } finally {
      await strict.close();
    }
  });
});
