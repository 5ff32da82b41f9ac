import { afterEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../../src/router/index.js';
import { eventually } from '../../helpers/eventually.js';
import { allowAnonymous, connect, requireLogin, type TestClient } from './harness.js';

const clients: TestClient[] = [];
function client(...args: Parameters<typeof connect>): TestClient {
  const created = connect(...args);
  clients.push(created);
  return created;
}

afterEach(() => {
  for (const created of clients.splice(0)) created.close();
});

describe('JSON-RPC realm and login', () => {
  it('joins the default realm anonymously when the authenticator allows it', async () => {
    const router = createRouter();
    const a = client(router);
    // The session starts asynchronously (authentication, join): wait for its outcome, not for a while.
    await eventually(() =>
      expect(a.router()?.session).toMatchObject({ realm: 'realm1', authid: 'anonymous', protocol: 'jsonrpc' }),
    );
  });

  it('joins the realm named by ?realm=', async () => {
    const router = createRouter();
    const a = client(router, { url: 'ws://127.0.0.1/?realm=shop' });
    await eventually(() => expect(a.router()?.realm).toBe('shop'));
  });

  it('closes with 1008 naming an unknown realm when realms are fixed', async () => {
    const router = createRouter({ realms: ['realm1'] });
    const a = client(router, { url: 'ws://127.0.0.1/?realm=nope' });
    await eventually(() => expect(a.connection.closed).toEqual({ code: 1008, reason: 'no such realm: nope' }));
    expect(a.router()).toBeUndefined();
  });

  it('joins with the identity established at the handshake', async () => {
    const router = createRouter();
    const a = client(router, { authenticate: requireLogin, identity: { authid: 'bob', authrole: 'admin' } });
    await eventually(() => expect(a.router()?.session).toMatchObject({ authid: 'bob', authrole: 'admin' }));
  });

  it('answers methods with -32001 until the client logs in when anonymous access is off', async () => {
    const router = createRouter();
    const a = client(router, { authenticate: requireLogin });
    expect(await a.request('subscribe', ['t'])).toMatchObject({ error: { code: -32001 }, id: 1 });
    expect(a.router()).toBeUndefined();
  });

  it('logs in with authid and secret and then accepts methods', async () => {
    const router = createRouter();
    const a = client(router, { authenticate: requireLogin });
    expect(await a.request('login', { authid: 'alice', secret: 's3cret' })).toEqual({
      jsonrpc: '2.0',
      result: { authid: 'alice', authrole: 'user' },
      id: 1,
    });
    expect(await a.request('subscribe', ['t'])).toMatchObject({ result: expect.any(Number) });
    expect(a.router()?.session.authid).toBe('alice');
  });

  it('accepts positional login credentials', async () => {
    const a = client(createRouter(), { authenticate: requireLogin });
    expect(await a.request('login', ['alice', 's3cret'])).toMatchObject({ result: { authid: 'alice' } });
  });

  it('answers wrong credentials with -32004 and lets the client try again', async () => {
    const a = client(createRouter(), { authenticate: requireLogin });
    expect(await a.request('login', ['alice', 'wrong'])).toMatchObject({ error: { code: -32004 } });
    expect(await a.request('login', ['alice', 's3cret'])).toMatchObject({ result: { authid: 'alice' } });
  });

  it('refuses a second login with -32006', async () => {
    const a = client(createRouter(), { authenticate: requireLogin });
    await a.request('login', ['alice', 's3cret']);
    expect(await a.request('login', ['alice', 's3cret'])).toMatchObject({ error: { code: -32006 } });
  });

  it('lets a session that joined anonymously log in once, rejoining as the user', async () => {
    const router = createRouter();
    const a = client(router, { authenticate: allowAnonymous });
    expect(await a.request('login', ['alice', 's3cret'])).toMatchObject({
      result: { authid: 'alice', authrole: 'user' },
    });
    expect(
      router
        .realm('realm1')
        ?.sessions()
        .map((s) => s.authid),
    ).toEqual(['alice']);
    expect(await a.request('login', ['alice', 's3cret'])).toMatchObject({ error: { code: -32006 } });
  });
});
