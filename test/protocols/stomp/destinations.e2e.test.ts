import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import type { RoutedMessage } from '../../../src/router/types.js';
import { CallResult } from '../../../src/server/local-api.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { bodyText, connectedClient, frame, type RawClient } from './raw-client.js';

let server: StartedJunction;

beforeAll(async () => {
  server = await startJunction({ protocols: [stomp()] });
  server.junction.register('com.example.add', (args) => (args[0] as number[]).reduce((a, b) => a + b, 0));
  server.junction.register('com.example.fail', () => {
    throw new Error('boom');
  });
  server.junction.register('com.example.pair', () => new CallResult([1, 2], { ok: true }));
});
afterAll(async () => {
  await server.close();
});

const connected = (version?: string): Promise<RawClient> => connectedClient(server.url, version);

async function subscribe(client: RawClient, destination: string, id = 'sub-0') {
  client.send(frame('SUBSCRIBE', { id, destination, receipt: `r-${id}` }));
  await client.receipt(`r-${id}`);
}

describe('STOMP destinations and payload mapping', () => {
  it('[DESIGN STOMP RPC] calls /rpc/<procedure> and replies on the temp queue with correlation-id', async () => {
    const client = await connected();
    const json = { 'content-type': 'application/json', 'reply-to': '/temp-queue/replies' };
    client.send(frame('SEND', { destination: '/rpc/com.example.add', 'correlation-id': 'c1', ...json }, '[2,3]'));
    const reply = await client.next();
    expect(header(reply, 'destination')).toBe('/temp-queue/replies');
    expect(header(reply, 'correlation-id')).toBe('c1');
    expect(header(reply, 'content-type')).toBe('application/json');
    expect(bodyText(reply)).toBe('5');
    client.close();
  });

  it('[DESIGN STOMP RPC] replies with the error URI in an error header', async () => {
    const client = await connected();
    const headers = { destination: '/rpc/com.example.fail', 'reply-to': '/temp-queue/r', 'correlation-id': 'c2' };
    client.send(frame('SEND', headers));
    const reply = await client.next();
    expect(header(reply, 'error')).toBe('wamp.error.runtime_error');
    expect(header(reply, 'correlation-id')).toBe('c2');
    expect(bodyText(reply)).toBe('boom');
    client.send(frame('SEND', { ...headers, destination: '/rpc/com.example.missing' }));
    expect(header(await client.next(), 'error')).toBe('wamp.error.no_such_procedure');
    client.close();
  });

  it('[DESIGN STOMP RPC] sends several results or kwargs as a JSON envelope', async () => {
    const client = await connected();
    client.send(frame('SEND', { destination: '/rpc/com.example.pair', 'reply-to': '/temp-queue/r' }));
    expect(JSON.parse(bodyText(await client.next()))).toEqual({ args: [1, 2], kwargs: { ok: true } });
    client.close();
  });

  it('[DESIGN STOMP RPC] requires reply-to on /rpc/ sends', async () => {
    const client = await connected();
    client.send(frame('SEND', { destination: '/rpc/com.example.add' }, '[1]'));
    expect(header(await client.next(), 'message')).toBe('SEND to /rpc/ requires a reply-to header');
    expect(await client.closed).toBe(1002);
  });

  it('rewrites reply-to /temp-queue/ so another client replies privately to the requester', async () => {
    const [requester, worker, snoop] = [await connected(), await connected(), await connected()];
    await subscribe(worker, '/queue/requests');
    await subscribe(snoop, '/topic/#');
    requester.send(frame('SEND', { destination: '/queue/requests', 'reply-to': '/temp-queue/answers' }, 'q'));
    const request = await worker.next();
    const replyTo = header(request, 'reply-to')!;
    expect(replyTo).toMatch(/^\/reply-queue\//);
    worker.send(frame('SEND', { destination: replyTo, 'content-type': 'text/plain' }, 'answer'));
    const reply = await requester.next();
    expect(header(reply, 'destination')).toBe('/temp-queue/answers');
    expect(bodyText(reply)).toBe('answer');
    await snoop.barrier();
    expect(snoop.queued).toHaveLength(0);
    for (const client of [requester, worker, snoop]) client.close();
  });

  it('refuses a /temp-queue/ destination outside reply-to', async () => {
    const client = await connected();
    client.send(frame('SEND', { destination: '/temp-queue/x' }));
    expect(header(await client.next(), 'message')).toMatch(/only valid in reply-to/);
  });

  it('maps JSON, text and header-less SEND bodies to args, and user headers to headers', async () => {
    const seen: RoutedMessage[] = [];
    const subscription = server.junction.subscribe('mapping.in', (message) => seen.push(message));
    const client = await connected();
    client.send(
      frame('SEND', { destination: '/topic/mapping.in', 'content-type': 'application/json', x: '1' }, '{"a":1}'),
    );
    client.send(frame('SEND', { destination: '/topic/mapping.in', 'content-type': 'text/plain' }, 'hi'));
    client.send(frame('SEND', { destination: '/topic/mapping.in', receipt: 'done' }, 'raw'));
    await client.receipt('done');
    expect(seen[0]?.args).toEqual([{ a: 1 }]);
    expect(seen[0]?.headers).toEqual({ x: '1' });
    expect(seen[1]?.args).toEqual(['hi']);
    expect(seen[2]?.args?.[0]).toBeInstanceOf(Uint8Array);
    subscription.unsubscribe();
    client.close();
  });

  it('refuses a JSON body that does not parse', async () => {
    const client = await connected();
    client.send(frame('SEND', { destination: '/topic/x', 'content-type': 'application/json' }, '{nope'));
    expect(header(await client.next(), 'message')).toMatch(/not valid JSON/);
  });

  it('maps published values to MESSAGE bodies: JSON, text, bytes, and an args/kwargs envelope', async () => {
    const client = await connected();
    await subscribe(client, '/topic/mapping.out');
    server.junction.publish('mapping.out', { n: 1 });
    server.junction.publish('mapping.out', 'plain');
    server.junction.publish('mapping.out', new Uint8Array([1, 2, 255]));
    server.junction.router.local().publish({ topic: 'mapping.out', args: [1, 'two'], kwargs: { k: true } });
    const [json, text, bytes, envelope] = [
      await client.next(),
      await client.next(),
      await client.next(),
      await client.next(),
    ];
    expect([header(json, 'content-type'), bodyText(json)]).toEqual(['application/json', '{"n":1}']);
    expect([header(text, 'content-type'), bodyText(text)]).toEqual(['text/plain', 'plain']);
    expect([header(bytes, 'content-type'), Array.from(bytes.body)]).toEqual(['application/octet-stream', [1, 2, 255]]);
    expect(JSON.parse(bodyText(envelope))).toEqual({ args: [1, 'two'], kwargs: { k: true } });
    client.close();
  });
});
