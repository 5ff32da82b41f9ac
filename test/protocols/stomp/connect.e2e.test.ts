import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, frame, rawClient } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({
    protocols: [stomp({ maxFrameSize: 4096, maxHeaders: 10, maxHeaderLength: 256 })],
    realms: ['realm1', 'sales'],
    auth: { users: [{ authid: 'alice', secret: 's3cret' }] },
  });
});
afterAll(async () => {
  await server.close();
});

describe('STOMP connecting', () => {
  it('[STOMP 1.2 CONNECTED] carries version, session, server (name/version) and heart-beat', async () => {
    const client = await rawClient(server.url);
    const connected = await client.connect({ 'accept-version': '1.1,1.2', host: 'realm1' });
    expect(header(connected, 'version')).toBe('1.2');
    expect(header(connected, 'session')).toMatch(/^\d+$/);
    expect(header(connected, 'server')).toMatch(/^junction\/\d+\.\d+\.\d+$/);
    expect(header(connected, 'heart-beat')).toMatch(/^\d+,\d+$/);
    client.close();
  });

  it('[STOMP 1.2 STOMP Frame] treats STOMP exactly like CONNECT', async () => {
    const client = await rawClient(server.url);
    client.send(frame('STOMP', { 'accept-version': '1.2', host: 'realm1' }));
    expect((await client.next()).command).toBe('CONNECTED');
    client.close();
  });

  it('[STOMP 1.2 Value Encoding] does not decode escapes in CONNECT, so a backslash there is no error', async () => {
    const client = await rawClient(server.url);
    client.send(frame('CONNECT', { 'accept-version': '1.2', 'x-note': 'C:\\temp\\t' }));
    expect((await client.next()).command).toBe('CONNECTED');
    client.close();
  });

  it('[STOMP 1.2 Protocol Negotiation] picks the highest common version', async () => {
    const client = await rawClient(server.url);
    const connected = await client.connect({ 'accept-version': '1.0,1.1,2.0' });
    expect(header(connected, 'version')).toBe('1.1');
    client.close();
  });

  it('[STOMP 1.2 Protocol Negotiation] takes a missing accept-version as 1.0', async () => {
    const client = await rawClient(server.url);
    const connected = await client.connect({});
    expect(header(connected, 'version')).toBe('1.0');
    client.close();
  });

  it('[STOMP 1.2 Protocol Negotiation] takes the version from accept-version, not the subprotocol token', async () => {
    const client = await rawClient(server.url, 'v10.stomp');
    expect(client.socket.protocol).toBe('v10.stomp');
    expect(header(await client.connect({ 'accept-version': '1.2' }), 'version')).toBe('1.2');
    client.close();
  });

  it('echoes the highest STOMP token offered', async () => {
    const client = await rawClient(server.url, ['v10.stomp', 'v12.stomp', 'v11.stomp']);
    expect(client.socket.protocol).toBe('v12.stomp');
    client.close();
  });

  it('[STOMP 1.2 Protocol Negotiation] answers no common version with ERROR carrying version, then closes', async () => {
    const client = await rawClient(server.url);
    client.send(frame('CONNECT', { 'accept-version': '2.0,3.1' }));
    const error = await client.next();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'version')).toBe('1.0,1.1,1.2');
    expect(bodyText(error)).toMatch(/Supported protocol versions are 1.0,1.1,1.2/);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 CONNECT host] joins the realm named by host', async () => {
    const client = await rawClient(server.url);
    const connected = await client.connect({ 'accept-version': '1.2', host: 'sales' });
    expect(
      server.junction.router
        .realm('sales')
        ?.sessions()
        .map((s) => String(s.id)),
    ).toContain(header(connected, 'session'));
    client.close();
  });

  it('[STOMP 1.2 CONNECT host] treats a network address in host as the default realm', async () => {
    const client = await rawClient(server.url);
    const connected = await client.connect({ 'accept-version': '1.2', host: '127.0.0.1' });
    expect(
      server.junction.router
        .realm('realm1')
        ?.sessions()
        .map((s) => String(s.id)),
    ).toContain(header(connected, 'session'));
    client.close();
  });

  it('[STOMP 1.2 CONNECT host] rejects an unknown realm in strict mode with ERROR, then closes', async () => {
    const client = await rawClient(server.url);
    client.send(frame('CONNECT', { 'accept-version': '1.2', host: 'nowhere' }));
    const error = await client.next();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toMatch(/nowhere/);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 CONNECT] authenticates login and passcode', async () => {
    const client = await rawClient(server.url);
    const connected = await client.connect({ 'accept-version': '1.2', login: 'alice', passcode: 's3cret' });
    expect(header(connected, 'user-name')).toBe('alice');
    client.close();
  });

  it('[STOMP 1.2 CONNECT] refuses bad credentials with ERROR explaining why, then closes', async () => {
    const client = await rawClient(server.url);
    client.send(frame('CONNECT', { 'accept-version': '1.2', login: 'alice', passcode: 'wrong' }));
    const error = await client.next();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toBe("Access refused for user 'alice'");
    expect(await client.closed).toBe(1008);
  });

  it('refuses any frame before CONNECT with ERROR, then closes', async () => {
    const client = await rawClient(server.url);
    client.send(frame('SEND', { destination: '/topic/a' }, 'x'));
    const error = await client.next();
    expect(header(error, 'message')).toMatch(/Expected a CONNECT or STOMP frame/);
    expect(await client.closed).toBe(1002);
  });

  it('refuses a second CONNECT with ERROR', async () => {
    const client = await rawClient(server.url);
    await client.connect();
    client.send(frame('CONNECT', { 'accept-version': '1.2' }));
    expect(header(await client.next(), 'message')).toBe('Already connected');
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 Size Limits] caps the frame before CONNECT at 64 KiB', async () => {
    const client = await rawClient(server.url);
    // The connected limit here is 4096, so only the pre-CONNECT cap can name 65536.
    client.send(`CONNECT\naccept-version:1.2\ncontent-length:70000\n\n${'y'.repeat(1000)}`);
    const error = await client.next();
    expect(header(error, 'message')).toBe('Frame too large (limit 65536 bytes)');
    expect(await client.closed).toBe(1009);
  });

  it('answers input that is not STOMP with ERROR, then closes', async () => {
    const client = await rawClient(server.url);
    client.send('{"jsonrpc":"2.0","method":"hello","id":1}');
    const error = await client.next();
    expect(header(error, 'message')).toMatch(/Not a STOMP frame/);
    expect(await client.closed).toBe(1002);
  });
});
