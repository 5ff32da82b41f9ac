import { afterEach, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { hashSecret } from '../../src/auth/index.js';
import type { JunctionOptions } from '../../src/server/options.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { refusedUpgrade } from '../helpers/ws-client.js';
import { adminRequest, basic, bearer } from './admin-client.js';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const USER_TOKEN = 'user-token-0123456789abcdef';

let broker: StartedJunction | undefined;

afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

async function start(options: Partial<JunctionOptions> = {}): Promise<string> {
  broker = await startJunction({ protocols: [jsonrpc()], ...options });
  return broker.url;
}

describe('admin API access', () => {
  it('answers 404 on every /admin path when no operator is configured', async () => {
    const url = await start({ auth: { users: [{ authid: 'ann', secret: 'pw', authrole: 'user' }] } });
    expect((await adminRequest(url, '/admin/api/sessions')).status).toBe(404);
    expect((await adminRequest(url, '/admin', { authorization: basic('ann', 'pw') })).status).toBe(404);
    expect((await refusedUpgrade(`${url}/admin/ws`, {})).status).toBe(404);
  });

  it('refuses a request without credentials with 401 and a Basic challenge', async () => {
    const url = await start({ admin: { users: [{ authid: 'root', secret: 'rootpw' }] } });
    const response = await adminRequest(url, '/admin/api/sessions');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="junction admin"/);
  });

  it('refuses wrong credentials with 401', async () => {
    const url = await start({ admin: { users: [{ authid: 'root', secret: hashSecret('rootpw') }] } });
    expect((await adminRequest(url, '/admin/api/realms', { authorization: basic('root', 'nope') })).status).toBe(401);
    expect((await adminRequest(url, '/admin/api/realms', { authorization: bearer('nope') })).status).toBe(401);
    expect((await adminRequest(url, '/admin/api/realms', { authorization: 'Digest abc' })).status).toBe(401);
  });

  it('answers an admin user over Basic and an admin token over Bearer', async () => {
    const url = await start({
      admin: {
        users: [{ authid: 'root', secret: hashSecret('rootpw') }],
        tokens: [{ authid: 'ci', token: ADMIN_TOKEN }],
      },
    });
    const byBasic = await adminRequest(url, '/admin/api/realms', { authorization: basic('root', 'rootpw') });
    expect(byBasic.status).toBe(200);
    expect(byBasic.body).toEqual({ items: [expect.objectContaining({ name: 'realm1' })], truncated: 0 });
    const byBearer = await adminRequest(url, '/admin/api/realms', { authorization: bearer(ADMIN_TOKEN) });
    expect(byBearer.status).toBe(200);
  });

  it('lets in broker users whose authrole is in adminRoles and refuses others with 403', async () => {
    const url = await start({
      auth: {
        users: [
          { authid: 'ops', secret: 'opspw', authrole: 'ops' },
          { authid: 'ann', secret: 'annpw', authrole: 'user' },
        ],
        tokens: [{ authid: 'bob', token: USER_TOKEN, authrole: 'user' }],
      },
      adminRoles: ['ops'],
    });
    expect((await adminRequest(url, '/admin/api/stats', { authorization: basic('ops', 'opspw') })).status).toBe(200);
    expect((await adminRequest(url, '/admin/api/stats', { authorization: basic('ann', 'annpw') })).status).toBe(403);
    expect((await adminRequest(url, '/admin/api/stats', { authorization: bearer(USER_TOKEN) })).status).toBe(403);
  });

  it('turns on with the default admin role of a broker user and no admin option', async () => {
    const url = await start({ auth: { users: [{ authid: 'boss', secret: 'bosspw', authrole: 'admin' }] } });
    expect((await adminRequest(url, '/admin/api/stats', { authorization: basic('boss', 'bosspw') })).status).toBe(200);
  });

  it('bounds request bodies, refuses bad JSON and unknown endpoints', async () => {
    const url = await start({ admin: { tokens: [{ authid: 'ci', token: ADMIN_TOKEN }] } });
    const authorization = bearer(ADMIN_TOKEN);
    const big = { topic: 'a.b', payload: 'x'.repeat(70 * 1024) };
    expect((await adminRequest(url, '/admin/api/publish', { authorization, body: big })).status).toBe(413);
    expect((await adminRequest(url, '/admin/api/publish', { authorization, rawBody: '{nope' })).status).toBe(400);
    expect((await adminRequest(url, '/admin/api/nothing', { authorization })).status).toBe(404);
    const wrongMethod = await adminRequest(url, '/admin/api/publish', { authorization });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('refuses an admin socket with a bad token and one from another origin', async () => {
    const url = await start({ admin: { tokens: [{ authid: 'ci', token: ADMIN_TOKEN }] } });
    expect((await refusedUpgrade(`${url}/admin/ws?token=wrong`, {})).status).toBe(401);
    expect(
      (await refusedUpgrade(`${url}/admin/ws?token=${ADMIN_TOKEN}`, { origin: 'http://evil.example' })).status,
    ).toBe(403);
    expect((await refusedUpgrade(`${url}/admin/ws?token=${ADMIN_TOKEN}`, {})).status).toBe(101);
  });
});
