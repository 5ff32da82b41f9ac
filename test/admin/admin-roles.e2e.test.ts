import { afterEach, describe, expect, it } from 'vitest';
import { wamp } from '../../protocols/wamp/index.js';
import type { JunctionOptions } from '../../src/server/options.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { type RawClient, rawClient } from '../protocols/wamp/raw-client.js';

let broker: StartedJunction | undefined;

afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

const users = [
  { authid: 'olga', secret: 'olgapw', authrole: 'ops' },
  { authid: 'adam', secret: 'adampw', authrole: 'admin' },
];

/** A WAMP session logged in with ticket auth. */
async function ticketSession(url: string, authid: string, secret: string): Promise<RawClient> {
  const client = await rawClient(url);
  client.send([1, 'realm1', { roles: { caller: {} }, authmethods: ['ticket'], authid }]);
  expect((await client.next())[0]).toBe(4);
  client.send([5, secret, {}]);
  expect((await client.next())[0]).toBe(2);
  return client;
}

/** An anonymous WAMP session and its session id (from WELCOME). */
async function anonymous(url: string): Promise<{ client: RawClient; id: number }> {
  const client = await rawClient(url);
  const welcome = await client.hello();
  return { client, id: welcome[1] as number };
}

/** Calls wamp.session.kill on session `id`; the answer (RESULT 50 or ERROR 8). */
async function kill(caller: RawClient, id: number): Promise<unknown[]> {
  caller.send([48, 7, {}, 'wamp.session.kill', [id]]);
  return caller.next();
}

async function start(options: Partial<JunctionOptions>): Promise<string> {
  broker = await startJunction({ protocols: [wamp()], auth: { users }, ...options });
  return broker.url;
}

describe('one broker-level adminRoles', () => {
  it('lets the broker adminRoles call wamp.session.kill when the WAMP plugin names none', async () => {
    const url = await start({ adminRoles: ['ops'] });
    const ops = await ticketSession(url, 'olga', 'olgapw');
    const target = await anonymous(url);
    expect((await kill(ops, target.id))[0]).toBe(50);
    expect(await target.client.next()).toEqual([6, { message: 'killed by an administrator' }, 'wamp.close.killed']);
    // 'admin' is no longer an admin role on this broker.
    const adam = await ticketSession(url, 'adam', 'adampw');
    const other = await anonymous(url);
    expect(await kill(adam, other.id)).toEqual([8, 48, 7, {}, 'wamp.error.not_authorized', expect.any(Array)]);
  });

  it("keeps the WAMP plugin's own adminRoles when it sets them", async () => {
    broker = await startJunction({
      protocols: [wamp({ adminRoles: ['admin'] })],
      auth: { users },
      adminRoles: ['ops'],
    });
    const ops = await ticketSession(broker.url, 'olga', 'olgapw');
    const target = await anonymous(broker.url);
    expect((await kill(ops, target.id))[0]).toBe(8);
  });
});
