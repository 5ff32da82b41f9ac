/**
 * docs/cross-protocol.md "Topics": one realm, four protocols. Exact, wildcard and prefix
 * subscriptions of each protocol match publishes of every other, and each receiver gets each
 * publisher's messages in order.
 */
import type { IMessage } from '@stomp/stompjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedJunction } from '../helpers/start-junction.js';
import {
  type ChatPeer,
  chatPeer,
  type JsonRpcPeer,
  jsonRpcPeer,
  type StompPeer,
  sleep,
  startPolyglot,
  stompPeer,
  until,
  type WampPeer,
  wampPeer,
} from './clients.js';

let broker: StartedJunction;
let stomp: StompPeer;
let json: WampPeer;
let msgpack: WampPeer;
let rpc: JsonRpcPeer;
let chat: ChatPeer;
let publishers: { stomp: StompPeer; wamp: WampPeer; rpc: JsonRpcPeer; chat: ChatPeer };

beforeAll(async () => {
  broker = await startPolyglot();
  [stomp, json, msgpack, rpc, chat] = await Promise.all([
    stompPeer(broker),
    wampPeer(broker, 'json'),
    wampPeer(broker, 'msgpack'),
    jsonRpcPeer(broker),
    chatPeer(broker),
  ]);
  const [s, w, r, c] = await Promise.all([
    stompPeer(broker),
    wampPeer(broker, 'json'),
    jsonRpcPeer(broker),
    chatPeer(broker),
  ]);
  publishers = { stomp: s, wamp: w, rpc: r, chat: c };
});

afterAll(async () => {
  await Promise.all([stomp.close(), json.close(), msgpack.close(), publishers.stomp.close(), publishers.wamp.close()]);
  for (const peer of [rpc, chat, publishers.rpc, publishers.chat]) peer.close();
  await broker.close();
});

type From = keyof typeof publishers;
const FROM: readonly From[] = ['stomp', 'wamp', 'rpc', 'chat'];

/** Publishes the text `text` to `topic` from one protocol's publisher. */
function publishText(from: From, topic: string, text: string): void {
  if (from === 'stomp') {
    publishers.stomp.client.publish({
      destination: `/topic/${topic}`,
      body: text,
      headers: { 'content-type': 'text/plain' },
    });
  } else if (from === 'wamp') publishers.wamp.session.publish(topic, [text]);
  else if (from === 'rpc') publishers.rpc.notify('publish', [topic, text]);
  else publishers.chat.ws.send(`PUB ${topic} ${text}`);
}

/** A receiver's view: [concrete topic, text] of every message it got. */
type Seen = [string, string][];

describe('Cross-protocol pattern subscriptions', () => {
  // Each receiver: what it subscribes, and whether `sensors.kitchen.temp` matches it.
  const seen: Record<string, Seen> = {};
  const stompInboxes: Record<string, IMessage[]> = {};

  beforeAll(async () => {
    const stompPatterns = {
      'stomp /topic/sensors.*.temp': 'sensors.*.temp',
      'stomp /topic/sensors.#': 'sensors.#',
      'stomp /topic/sensors.*': 'sensors.*',
      'stomp /topic/sensors.kitchen.temp': 'sensors.kitchen.temp',
    };
    for (const [name, pattern] of Object.entries(stompPatterns)) {
      stompInboxes[name] = [];
      await stomp.subscribe(`/topic/${pattern}`, stompInboxes[name] as IMessage[]);
    }
    const wampPatterns: [string, WampPeer, string, string][] = [
      ['wamp.json prefix sensors.kit', json, 'sensors.kit', 'prefix'],
      ['wamp.msgpack wildcard sensors..temp', msgpack, 'sensors..temp', 'wildcard'],
      ['wamp.json wildcard sensors..humidity', json, 'sensors..humidity', 'wildcard'],
      ['wamp.msgpack prefix sensors.garage', msgpack, 'sensors.garage', 'prefix'],
    ];
    for (const [name, peer, pattern, match] of wampPatterns) {
      const into: Seen = [];
      seen[name] = into;
      await peer.session.subscribe(
        pattern,
        (args, _kwargs, details) => into.push([details.topic ?? pattern, String(args[0])]),
        {
          match,
        },
      );
    }
    const rpcPatterns: [string, string, string][] = [
      ['jsonrpc prefix sensors.', 'sensors.', 'prefix'],
      ['jsonrpc wildcard sensors.*.temp', 'sensors.*.temp', 'wildcard'],
      ['jsonrpc wildcard sensors.#', 'sensors.#', 'wildcard'],
      ['jsonrpc exact sensors.kitchen', 'sensors.kitchen', 'exact'],
    ];
    const rpcIds = new Map<number, string>();
    for (const [name, pattern, match] of rpcPatterns) {
      const answer = await rpc.request('subscribe', [pattern, { match }]);
      rpcIds.set(answer.result as number, name);
      seen[name] = [];
    }
    rpc.ws.on('message', (data) => {
      const push = JSON.parse(data.toString()) as {
        method?: string;
        params?: { subscription: number; topic: string; result: unknown };
      };
      const name = push.params && rpcIds.get(push.params.subscription);
      if (push.method === 'subscription' && name !== undefined)
        seen[name]?.push([push.params!.topic, String(push.params!.result)]);
    });
    await chat.command('SUB sensors.#');
    await chat.command('SUB sensors.*');
  });

  function stompSeen(name: string): Seen {
    return (stompInboxes[name] ?? []).map((m) => [m.headers.destination?.replace('/topic/', '') ?? '', m.body]);
  }

  it.each(FROM)('matches wildcard and prefix subscriptions of every protocol for a publish from %s', async (from) => {
    for (const list of Object.values(seen)) list.length = 0;
    for (const inbox of Object.values(stompInboxes)) inbox.length = 0;
    chat.lines.length = 0;
    const text = `reading from ${from}`;
    publishText(from, 'sensors.kitchen.temp', text);
    const hit: [string, string] = ['sensors.kitchen.temp', text];
    const expected: Record<string, Seen> = {
      'stomp /topic/sensors.*.temp': [hit],
      'stomp /topic/sensors.#': [hit],
      'stomp /topic/sensors.*': [],
      'stomp /topic/sensors.kitchen.temp': [hit],
      'wamp.json prefix sensors.kit': [hit],
      'wamp.msgpack wildcard sensors..temp': [hit],
      'wamp.json wildcard sensors..humidity': [],
      'wamp.msgpack prefix sensors.garage': [],
      'jsonrpc prefix sensors.': [hit],
      'jsonrpc wildcard sensors.*.temp': [hit],
      'jsonrpc wildcard sensors.#': [hit],
      'jsonrpc exact sensors.kitchen': [],
      'chat SUB sensors.# and SUB sensors.*': [hit],
    };
    const actual = (): Record<string, Seen> => ({
      ...Object.fromEntries(Object.keys(stompInboxes).map((name) => [name, stompSeen(name)])),
      ...seen,
      'chat SUB sensors.# and SUB sensors.*': chat.lines,
    });
    await until(() => Object.values(actual()).filter((list) => list.length > 0).length === 9, 5000, 'nine matches');
    await sleep(50); // a wrong extra delivery would arrive by now
    expect(actual()).toEqual(expected);
  });
});

describe('Cross-protocol ordering', () => {
  const COUNT = 1000;

  it(`delivers ${COUNT} messages from each protocol's publisher to every other protocol's subscriber, in order, none lost`, async () => {
    const topic = 'cross.order';
    const stompInbox: IMessage[] = [];
    const received: Record<string, string[]> = {
      stomp: [],
      'wamp.json': [],
      'wamp.msgpack': [],
      jsonrpc: [],
      chat: [],
    };
    await stomp.subscribe(`/topic/${topic}`, stompInbox);
    await json.session.subscribe(topic, (args) => received['wamp.json']?.push(String(args[0])));
    await msgpack.session.subscribe(topic, (args) => received['wamp.msgpack']?.push(String(args[0])));
    const { result: rpcSubscription } = await rpc.request('subscribe', [topic]);
    rpc.ws.on('message', (data) => {
      const { params } = JSON.parse(data.toString()) as { params?: { subscription: number; result: unknown } };
      if (params !== undefined && params.subscription === rpcSubscription)
        received.jsonrpc?.push(String(params.result));
    });
    const chatStart = chat.lines.length;
    await chat.command(`SUB ${topic}`);

    // All four publishers at once, so their messages interleave at every receiver.
    for (let i = 0; i < COUNT; i++) for (const from of FROM) publishText(from, topic, `${from} ${i}`);
    const total = COUNT * FROM.length;
    const chatLines = () =>
      chat.lines
        .slice(chatStart)
        .filter(([t]) => t === topic)
        .map(([, text]) => text);
    await until(
      () =>
        stompInbox.length === total &&
        Object.entries(received).every(
          ([name, list]) => name === 'stomp' || name === 'chat' || list.length === total,
        ) &&
        chatLines().length === total,
      30_000,
      'every message at every receiver',
    );
    received.stomp = stompInbox.map((message) => message.body);
    received.chat = chatLines();
    for (const [receiver, texts] of Object.entries(received)) {
      for (const from of FROM) {
        const sequence = texts.filter((text) => text.startsWith(`${from} `)).map((text) => Number(text.split(' ')[1]));
        expect({ receiver, from, inOrder: sequence.every((n, i) => n === i), count: sequence.length }).toEqual({
          receiver,
          from,
          inOrder: true,
          count: COUNT,
        });
      }
    }
  });
});
