/**
 * docs/cross-protocol.md "Payload mapping": every payload kind from every publisher protocol to
 * every subscriber protocol (the same protocol included), over real sockets with real clients.
 * One publish per (kind, publisher) reaches all five subscribers at once.
 */
import type { IMessage } from '@stomp/stompjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedJunction } from '../helpers/start-junction.js';
import {
  type ChatPeer,
  chatPeer,
  type JsonRpcMessage,
  type JsonRpcPeer,
  jsonRpcPeer,
  type StompPeer,
  startPolyglot,
  stompPeer,
  until,
  WampCode,
  type WampPeer,
  wampPeer,
} from './clients.js';

const TOPIC = 'cross.payload';
const BYTES = new Uint8Array([0, 1, 2, 127, 128, 254, 255]);
const B64 = Buffer.from(BYTES).toString('base64');
const OBJECT = { name: 'ünïcode', n: 3, nested: { list: [1, 'two', false, null] } };
const TEXT = 'héllo wörld';

type Kind = 'object' | 'string' | 'number' | 'boolean' | 'null' | 'binary' | 'args+kwargs' | 'headers';
type Publisher = 'stomp' | 'wamp.json' | 'wamp.msgpack' | 'jsonrpc' | 'chat';

/** The router value each kind carries as its one argument (args+kwargs and headers aside). */
const VALUE: Record<Exclude<Kind, 'args+kwargs' | 'headers' | 'binary'>, unknown> = {
  object: OBJECT,
  string: TEXT,
  number: 42.5,
  boolean: true,
  null: null,
};
const TRACE = { 'x-trace': 'abc-123' };

let broker: StartedJunction;
let pub: { stomp: StompPeer; json: WampPeer; msgpack: WampPeer; rpc: JsonRpcPeer; chat: ChatPeer };
let sub: { stomp: StompPeer; json: WampPeer; msgpack: WampPeer; rpc: JsonRpcPeer; chat: ChatPeer };
const stompInbox: IMessage[] = [];
const wampInbox: Record<'json' | 'msgpack', { args: unknown[]; kwargs: Record<string, unknown> }[]> = {
  json: [],
  msgpack: [],
};

async function peers() {
  const [stomp, json, msgpack, rpc, chat] = await Promise.all([
    stompPeer(broker),
    wampPeer(broker, 'json'),
    wampPeer(broker, 'msgpack'),
    jsonRpcPeer(broker),
    chatPeer(broker),
  ]);
  return { stomp, json, msgpack, rpc, chat };
}

beforeAll(async () => {
  broker = await startPolyglot();
  [pub, sub] = await Promise.all([peers(), peers()]);
  await sub.stomp.subscribe(`/topic/${TOPIC}`, stompInbox);
  for (const name of ['json', 'msgpack'] as const) {
    await sub[name].session.subscribe(TOPIC, (args, kwargs) => wampInbox[name].push({ args, kwargs }));
  }
  expect((await sub.rpc.request('subscribe', [TOPIC])).result).toBe(1);
  await sub.chat.command(`SUB ${TOPIC}`);
});

afterAll(async () => {
  for (const peer of [pub, sub]) {
    await Promise.all([peer.stomp.close(), peer.json.close(), peer.msgpack.close()]);
    peer.rpc.close();
    peer.chat.close();
  }
  await broker.close();
});

/** Publishes one kind from one protocol; false when that protocol cannot express the kind. */
function publish(from: Publisher, kind: Kind): boolean {
  switch (from) {
    case 'stomp':
      return publishStomp(kind);
    case 'wamp.json':
    case 'wamp.msgpack':
      return publishWamp(from === 'wamp.json' ? pub.json : pub.msgpack, kind);
    case 'jsonrpc':
      return publishJsonRpc(kind);
    case 'chat':
      if (kind !== 'string') return false;
      pub.chat.ws.send(`PUB ${TOPIC} ${TEXT}`);
      return true;
  }
}

function publishStomp(kind: Kind): boolean {
  const destination = `/topic/${TOPIC}`;
  const client = pub.stomp.client;
  if (kind === 'args+kwargs') return false; // a STOMP body is one value
  if (kind === 'binary') client.publish({ destination, binaryBody: BYTES });
  else if (kind === 'string') client.publish({ destination, body: TEXT, headers: { 'content-type': 'text/plain' } });
  else if (kind === 'headers') {
    client.publish({ destination, body: 'a,b', headers: { 'content-type': 'text/csv', ...TRACE } });
  } else {
    const json = { 'content-type': 'application/json' };
    client.publish({ destination, body: JSON.stringify(VALUE[kind]), headers: json });
  }
  return true;
}

function publishWamp(peer: WampPeer, kind: Kind): boolean {
  const { session } = peer;
  if (kind === 'binary') session.publish(TOPIC, [peer.serializer === 'json' ? `\u0000${B64}` : Buffer.from(BYTES)]);
  else if (kind === 'args+kwargs') session.publish(TOPIC, [1, 'two'], { k: 'v' });
  else if (kind === 'headers') {
    session.publish(TOPIC, ['a,b'], undefined, { _headers: TRACE, _content_type: 'text/csv' });
  } else session.publish(TOPIC, [VALUE[kind]]);
  return true;
}

function publishJsonRpc(kind: Kind): boolean {
  if (kind === 'args+kwargs') return false; // publish takes one payload
  if (kind === 'binary') pub.rpc.notify('publish', [TOPIC, { $binary: B64 }]);
  else if (kind === 'headers') pub.rpc.notify('publish', [TOPIC, 'a,b', { headers: TRACE, contentType: 'text/csv' }]);
  else pub.rpc.notify('publish', [TOPIC, VALUE[kind]]);
  return true;
}

// ---- what each subscriber protocol must see --------------------------------------------------

function expectStomp(kind: Kind, message: IMessage): void {
  const type = message.headers['content-type'];
  expect(message.headers.destination).toBe(`/topic/${TOPIC}`);
  if (kind === 'binary') {
    expect(Array.from(message.binaryBody)).toEqual(Array.from(BYTES));
    expect(type).toBe('application/octet-stream');
  } else if (kind === 'string') {
    expect([message.body, type]).toEqual([TEXT, 'text/plain']);
  } else if (kind === 'headers') {
    expect([message.body, type, message.headers['x-trace']]).toEqual(['a,b', 'text/csv', TRACE['x-trace']]);
  } else if (kind === 'args+kwargs') {
    expect([JSON.parse(message.body), type]).toEqual([{ args: [1, 'two'], kwargs: { k: 'v' } }, 'application/json']);
  } else {
    expect([JSON.parse(message.body), type]).toEqual([VALUE[kind], 'application/json']);
  }
  if (kind !== 'headers') expect(message.headers['x-trace']).toBeUndefined();
}

function expectWamp(kind: Kind, peer: WampPeer, event: { args: unknown[]; kwargs: Record<string, unknown> }): void {
  const raw = peer.raw.filter((message) => message[0] === WampCode.EVENT).at(-1) ?? [];
  const details = raw[3] as Record<string, unknown>;
  if (kind === 'binary') {
    expect(event.args).toHaveLength(1);
    if (peer.serializer === 'json') expect(event.args[0]).toBe(`\u0000${B64}`);
    else expect(Array.from(event.args[0] as Uint8Array)).toEqual(Array.from(BYTES));
  } else if (kind === 'args+kwargs') {
    expect(event).toEqual({ args: [1, 'two'], kwargs: { k: 'v' } });
  } else if (kind === 'headers') {
    expect(event.args).toEqual(['a,b']);
    expect(details).toEqual({ _headers: TRACE, _content_type: 'text/csv' });
  } else {
    expect(event).toEqual({ args: [VALUE[kind]], kwargs: {} });
  }
  if (kind !== 'headers') expect(details).toEqual({});
}

function expectJsonRpc(kind: Kind, push: JsonRpcMessage): void {
  const base = { subscription: 1, topic: TOPIC };
  if (kind === 'binary') expect(push.params).toEqual({ ...base, result: { $binary: B64 } });
  else if (kind === 'args+kwargs')
    expect(push.params).toEqual({ ...base, result: { args: [1, 'two'], kwargs: { k: 'v' } } });
  else if (kind === 'headers') {
    expect(push.params).toEqual({ ...base, result: 'a,b', headers: TRACE, contentType: 'text/csv' });
  } else expect(push.params).toEqual({ ...base, result: VALUE[kind] });
  expect(push.method).toBe('subscription');
}

function expectChat(kind: Kind, [topic, text]: [string, string]): void {
  expect(topic).toBe(TOPIC);
  if (kind === 'binary') expect(text).toBe(JSON.stringify(`\u0000${B64}`));
  else if (kind === 'args+kwargs') expect(text).toBe('{"args":[1,"two"],"kwargs":{"k":"v"}}');
  else if (kind === 'headers') expect(text).toBe('a,b');
  else if (kind === 'string') expect(text).toBe(TEXT);
  else expect(text).toBe(JSON.stringify(VALUE[kind]));
}

const KINDS: readonly Kind[] = ['object', 'string', 'number', 'boolean', 'null', 'binary', 'args+kwargs', 'headers'];
const PUBLISHERS: readonly Publisher[] = ['stomp', 'wamp.json', 'wamp.msgpack', 'jsonrpc', 'chat'];
/** What each publisher can express: a STOMP body and a JSON-RPC publish are one value; chat.v1 is text. */
function expressible(from: Publisher, kind: Kind): boolean {
  if (from === 'chat') return kind === 'string';
  return kind !== 'args+kwargs' || from.startsWith('wamp');
}
const CASES = KINDS.flatMap((kind) =>
  PUBLISHERS.filter((from) => expressible(from, kind)).map((from) => [kind, from] as const),
);

describe('Cross-protocol payload mapping', () => {
  it.each(CASES)('maps a %s payload from %s for every subscriber protocol', async (kind, from) => {
    const before = {
      stomp: stompInbox.length,
      json: wampInbox.json.length,
      msgpack: wampInbox.msgpack.length,
      rpc: sub.rpc.inbound.length,
      chat: sub.chat.lines.length,
    };
    expect(publish(from, kind)).toBe(true);
    await until(
      () =>
        stompInbox.length > before.stomp &&
        wampInbox.json.length > before.json &&
        wampInbox.msgpack.length > before.msgpack &&
        sub.rpc.inbound.length > before.rpc &&
        sub.chat.lines.length > before.chat,
      5000,
      `delivery of ${kind} from ${from}`,
    );
    expectStomp(kind, stompInbox[before.stomp] as IMessage);
    expectWamp(kind, sub.json, wampInbox.json[before.json] as never);
    expectWamp(kind, sub.msgpack, wampInbox.msgpack[before.msgpack] as never);
    expectJsonRpc(kind, sub.rpc.inbound[before.rpc] as JsonRpcMessage);
    expectChat(kind, sub.chat.lines[before.chat] as [string, string]);
  });
});

describe('Cross-protocol encoding cost', () => {
  /** Subscribes every peer of `set` to `topic`; returns a function counting deliveries so far. */
  async function subscribeAll(set: typeof sub, topic: string): Promise<() => number> {
    const stomp: IMessage[] = [];
    let wamp = 0;
    await set.stomp.subscribe(`/topic/${topic}`, stomp);
    await set.json.session.subscribe(topic, () => wamp++);
    await set.msgpack.session.subscribe(topic, () => wamp++);
    const rpcBefore = set.rpc.inbound.length;
    await set.rpc.request('subscribe', [topic]);
    await set.chat.command(`SUB ${topic}`);
    const chatBefore = set.chat.lines.length;
    return () => stomp.length + wamp + (set.rpc.inbound.length - rpcBefore) + (set.chat.lines.length - chatBefore);
  }

  /** Publishes from code a payload that counts how often an encoder reads it. */
  async function readsFor(topic: string, delivered: () => number, receivers: number): Promise<number> {
    let reads = 0;
    const payload = {
      get reading() {
        reads++;
        return 'counted';
      },
    };
    broker.junction.publish(topic, payload);
    await until(() => delivered() === receivers, 5000, `${receivers} deliveries on ${topic}`);
    return reads;
  }

  it('encodes a message once per protocol and serializer, not once per receiver', async () => {
    const one = await subscribeAll(sub, 'cross.once.single');
    const single = await readsFor('cross.once.single', one, 5);
    const [a, b] = await Promise.all([subscribeAll(sub, 'cross.once.double'), subscribeAll(pub, 'cross.once.double')]);
    const double = await readsFor('cross.once.double', () => a() + b(), 10);
    expect(single).toBeGreaterThan(0);
    expect(double).toBe(single);
  });
});
