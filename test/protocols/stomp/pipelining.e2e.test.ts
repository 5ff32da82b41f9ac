import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, frame, rawClient, sleep } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({
    protocols: [stomp({ maxFrameSize: 1000 })],
    // A slow authenticator: frames sent right behind CONNECT must wait for it.
    authenticate: async (request) => {
      await sleep(150);
      return { authid: request.authid ?? 'anonymous', authrole: 'user' };
    },
  });
});
afterAll(async () => {
  await server.close();
});

describe('STOMP frames pipelined behind CONNECT', () => {
  it('handles frames sent with CONNECT in order once CONNECTED is out', async () => {
    const client = await rawClient(server.url);
    client.send(
      frame('CONNECT', { 'accept-version': '1.2' }) +
        frame('SUBSCRIBE', { id: 's', destination: '/topic/pipe', receipt: 'sub' }) +
        frame('SEND', { destination: '/topic/pipe', 'content-type': 'text/plain' }, 'early'),
    );
    const frames = [await client.next(), await client.next(), await client.next()];
    expect(frames.map((f) => f.command)).toEqual(['CONNECTED', 'RECEIPT', 'MESSAGE']);
    expect(bodyText(frames[2]!)).toBe('early');
    client.close();
  });

  it('[STOMP 1.2 Size Limits] bounds the bytes held while CONNECT is authenticated', async () => {
    const client = await rawClient(server.url);
    client.send(frame('CONNECT', { 'accept-version': '1.2' }));
    for (let i = 0; i < 3; i++) client.send(frame('SEND', { destination: '/topic/x' }, 'y'.repeat(600)));
    const error = await client.next();
    expect(header(error, 'message')).toBe('Limit maxFrameSize (1000) exceeded: too much data before CONNECTED');
    expect(await client.closed).toBe(1008);
  });
});
