import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { negotiateHeartbeat } from '../../../protocols/stomp/heartbeat.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { frame, rawClient, sleep } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp({ heartbeatOutgoing: 100, heartbeatIncoming: 100 })] });
});
afterAll(async () => {
  await server.close();
});

/** Counts heart-beat EOL messages received by a raw client. */
function countBeats(client: Awaited<ReturnType<typeof rawClient>>): () => number {
  let beats = 0;
  client.socket.on('message', (data: Buffer) => {
    if (data.toString() === '\n') beats++;
  });
  return () => beats;
}

describe('STOMP heart-beating', () => {
  it('[STOMP 1.2 Heart-beating] negotiates each direction as max of both sides, off when either is 0', () => {
    expect(negotiateHeartbeat('1000,2000', 500, 1500)).toEqual({ incoming: 1500, outgoing: 2000 });
    expect(negotiateHeartbeat('0,2000', 500, 1500)).toEqual({ incoming: 0, outgoing: 2000 });
    expect(negotiateHeartbeat('1000,2000', 0, 0)).toEqual({ incoming: 0, outgoing: 0 });
    expect(negotiateHeartbeat(undefined, 500, 500)).toEqual({ incoming: 0, outgoing: 0 });
    expect(negotiateHeartbeat('junk', 500, 500)).toEqual({ incoming: 0, outgoing: 0 });
  });

  it('[STOMP 1.2 Heart-beating] puts the server values in CONNECTED heart-beat', async () => {
    const client = await rawClient(server.url);
    expect(header(await client.connect({ 'accept-version': '1.2', 'heart-beat': '0,0' }), 'heart-beat')).toBe(
      '100,100',
    );
    client.close();
  });

  it('[STOMP 1.2 Heart-beating] sends an EOL at least every negotiated interval when idle', async () => {
    const client = await rawClient(server.url);
    const beats = countBeats(client);
    await client.connect({ 'accept-version': '1.2', 'heart-beat': '0,150' });
    await sleep(1000);
    // At least one beat per 150 ms window; allow timer slack on a busy machine.
    expect(beats()).toBeGreaterThanOrEqual(5);
    client.close();
  });

  it('[STOMP 1.2 Heart-beating] sends nothing when the client asks for no heart-beats', async () => {
    const client = await rawClient(server.url);
    const beats = countBeats(client);
    await client.connect({ 'accept-version': '1.2', 'heart-beat': '0,0' });
    await sleep(400);
    expect(beats()).toBe(0);
    client.close();
  });

  it('[STOMP 1.2 Heart-beating] closes a client silent beyond its interval plus the grace margin', async () => {
    const client = await rawClient(server.url);
    await client.connect({ 'accept-version': '1.2', 'heart-beat': '150,0' });
    const started = Date.now();
    const error = await client.next(2000);
    expect(header(error, 'message')).toBe('Heart-beat timeout');
    expect(await client.closed).toBe(1008);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('[STOMP 1.2 Heart-beating] keeps a client that sends EOLs alive', async () => {
    const client = await rawClient(server.url);
    // The client promises a beat every 400 ms (dead after 800 ms of silence) and sends one every
    // 100 ms: a wide margin, so a loaded CI machine does not turn scheduling delays into failures.
    await client.connect({ 'accept-version': '1.2', 'heart-beat': '400,0' });
    const pinger = setInterval(() => client.send('\n'), 100);
    await sleep(1200);
    clearInterval(pinger);
    client.send(frame('DISCONNECT', { receipt: 'alive' }));
    expect(header(await client.receipt('alive'), 'receipt-id')).toBe('alive');
  });

  it('[STOMP 1.0] negotiates no heart-beats', async () => {
    const client = await rawClient(server.url);
    const connected = await client.connect({ 'heart-beat': '100,100' });
    expect(header(connected, 'version')).toBe('1.0');
    expect(header(connected, 'heart-beat')).toBeUndefined();
    await sleep(400);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.close();
  });
});
