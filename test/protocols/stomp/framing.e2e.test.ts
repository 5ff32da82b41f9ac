import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, connectedClient, frame, type RawClient } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp({ maxFrameSize: 4096, maxHeaders: 10, maxHeaderLength: 256 })] });
});
afterAll(async () => {
  await server.close();
});

const connected = (version?: string): Promise<RawClient> => connectedClient(server.url, version);

/** Subscribes `client` to `destination` with a receipt, so the subscription is active. */
async function subscribe(client: RawClient, destination: string, id = 'sub-0', extra: Record<string, string> = {}) {
  client.send(frame('SUBSCRIBE', { id, destination, receipt: `r-${id}`, ...extra }));
  const receipt = await client.next();
  expect(header(receipt, 'receipt-id')).toBe(`r-${id}`);
}

describe('STOMP framing over WebSocket', () => {
  it('[STOMP 1.2 Augmented BNF] accepts CRLF line endings', async () => {
    const client = await connected();
    await subscribe(client, '/topic/crlf');
    client.send('SEND\r\ndestination:/topic/crlf\r\ncontent-type:text/plain\r\n\r\nhi\0');
    expect(bodyText(await client.next())).toBe('hi');
    client.close();
  });

  it('[STOMP 1.2 Augmented BNF] treats commands as case-sensitive', async () => {
    const client = await connected();
    client.send(frame('send', { destination: '/topic/a' }));
    expect((await client.next()).command).toBe('ERROR');
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 Heart-beating] accepts EOLs after NUL and several frames in one message', async () => {
    const client = await connected();
    await subscribe(client, '/topic/batch');
    const send = (body: string) => frame('SEND', { destination: '/topic/batch', 'content-type': 'text/plain' }, body);
    client.send(`${send('one')}\n\r\n\n${send('two')}\n`);
    expect(bodyText(await client.next())).toBe('one');
    expect(bodyText(await client.next())).toBe('two');
    client.close();
  });

  it('reassembles a frame split over several WebSocket messages', async () => {
    const client = await connected();
    await subscribe(client, '/topic/split');
    const wire = frame('SEND', { destination: '/topic/split', 'content-type': 'text/plain' }, 'reassembled');
    for (let i = 0; i < wire.length; i += 7) client.send(wire.slice(i, i + 7));
    expect(bodyText(await client.next())).toBe('reassembled');
    client.close();
  });

  it('[STOMP 1.2 Body] reads content-length octets including NULs and delivers them intact', async () => {
    const client = await connected();
    await subscribe(client, '/topic/nul');
    client.send(frame('SEND', { destination: '/topic/nul', 'content-length': '5' }, 'a\0b\0c'));
    const message = await client.next();
    expect(Array.from(message.body)).toEqual([97, 0, 98, 0, 99]);
    expect(header(message, 'content-length')).toBe('5');
    client.close();
  });

  it('[STOMP 1.2 Body] rejects a body on frames other than SEND', async () => {
    const client = await connected();
    client.send(frame('SUBSCRIBE', { id: 's', destination: '/topic/x' }, 'not allowed'));
    expect(header(await client.next(), 'message')).toBe('SUBSCRIBE frames must not have a body');
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 Body] sends content-length and content-type on MESSAGE; no content-type means binary', async () => {
    const client = await connected();
    await subscribe(client, '/topic/blob');
    client.send(frame('SEND', { destination: '/topic/blob' }, 'raw'));
    const message = await client.next();
    expect(header(message, 'content-type')).toBe('application/octet-stream');
    expect(header(message, 'content-length')).toBe('3');
    client.close();
  });

  it('[STOMP 1.2 Value Encoding] decodes escapes on input and encodes them on output', async () => {
    const client = await connected();
    await subscribe(client, '/topic/esc');
    client.send(
      frame('SEND', [
        ['destination', '/topic/esc'],
        ['my\\cheader', 'line1\\nline2\\r\\\\end\\c'],
      ]),
    );
    const message = await client.next();
    expect(header(message, 'my:header')).toBe('line1\nline2\r\\end:');
    client.close();
  });

  it('[STOMP 1.2 Value Encoding] treats an undefined escape as fatal: ERROR, then close', async () => {
    const client = await connected();
    client.send(frame('SEND', { destination: '/topic/esc', bad: 'a\\tb' }));
    expect(header(await client.next(), 'message')).toMatch(/Undefined escape sequence/);
    expect(await client.closed).toBe(1002);
  });

  it('[STOMP 1.2 Value Encoding] never trims or pads header values', async () => {
    const client = await connected();
    await subscribe(client, '/topic/pad');
    client.send(frame('SEND', { destination: '/topic/pad', padded: '  both sides  ' }));
    expect(header(await client.next(), 'padded')).toBe('  both sides  ');
    client.close();
  });

  it('[STOMP 1.2 Repeated Header Entries] passes the first occurrence of a repeated header', async () => {
    const client = await connected();
    await subscribe(client, '/topic/rep');
    client.send(
      frame('SEND', [
        ['destination', '/topic/rep'],
        ['foo', 'first'],
        ['foo', 'second'],
      ]),
    );
    expect(header(await client.next(), 'foo')).toBe('first');
    client.close();
  });

  it('[STOMP 1.2 Value Encoding] supports UTF-8 and counts content-length in octets', async () => {
    const client = await connected();
    await subscribe(client, '/topic/utf8');
    client.send(frame('SEND', { destination: '/topic/utf8', 'content-type': 'text/plain;charset=utf-8' }, '€🙂'));
    const message = await client.next();
    expect(bodyText(message)).toBe('€🙂');
    expect(header(message, 'content-length')).toBe('7');
    expect(client.binaryFlags.at(-1)).toBe(false);
    client.close();
  });

  it('sends a frame whose body is not valid UTF-8 as a binary WebSocket message', async () => {
    const client = await connected();
    await subscribe(client, '/topic/bin');
    const head = new TextEncoder().encode('SEND\ndestination:/topic/bin\ncontent-length:2\n\n');
    client.send(new Uint8Array([...head, 0xff, 0xfe, 0]));
    const message = await client.next();
    expect(Array.from(message.body)).toEqual([0xff, 0xfe]);
    expect(client.binaryFlags.at(-1)).toBe(true);
    client.close();
  });

  it('[STOMP 1.2 Size Limits] answers a frame above maxFrameSize with ERROR naming the limit, then closes', async () => {
    const client = await connected();
    const other = await connected();
    await subscribe(other, '/topic/still-alive');
    client.send(frame('SEND', { destination: '/topic/big' }, 'x'.repeat(5000)));
    const error = await client.next();
    expect(header(error, 'message')).toBe('Frame too large (limit 4096 bytes)');
    expect(await client.closed).toBe(1009);
    other.send(frame('SEND', { destination: '/topic/still-alive', 'content-type': 'text/plain' }, 'ok'));
    expect(bodyText(await other.next())).toBe('ok');
    other.close();
  });

  it('[STOMP 1.2 Size Limits] names maxHeaders and maxHeaderLength when breached', async () => {
    const many = await connected();
    many.send(frame('SEND', Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`h${i}`, 'v']))));
    expect(header(await many.next(), 'message')).toBe('Too many headers (limit 10)');
    const long = await connected();
    long.send(frame('SEND', { destination: '/topic/a', long: 'v'.repeat(300) }));
    expect(header(await long.next(), 'message')).toBe('Header line too long (limit 256 bytes)');
    expect(await long.closed).toBe(1008);
  });
});
