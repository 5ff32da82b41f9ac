import { afterEach, describe, expect, it } from 'vitest';
import { chatProtocol } from '../../examples/custom-protocol.js';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { type ContractClient, type PluginDriver, pluginContractCases } from '../../src/testing/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { messages, openClient } from '../helpers/ws-client.js';

let broker: StartedJunction | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

/** The next line that starts with `prefix`, skipping deliveries and answers to other commands. */
async function line(client: ContractClient, prefix: string): Promise<string> {
  for (;;) {
    const text = String(await client.next());
    if (text.startsWith(prefix)) return text.slice(prefix.length);
  }
}

/** How a chat.v1 client does what the contract asks: one text line per command. */
const chatDriver: PluginDriver = {
  createPlugin: chatProtocol,
  // chat.v1 joins as soon as the connection opens: there is no login line.
  join: async () => {},
  async subscribe(client, topic) {
    client.send(`SUB ${topic}`);
    await line(client, 'OK SUB');
  },
  async publish(client, topic, value) {
    client.send(`PUB ${topic} ${value}`);
    await line(client, 'OK PUB');
  },
  nextValue: (client, topic) => line(client, `MSG ${topic} `),
  badInput: ['JUMP chat.lobby', 'PUB bad..topic text', new Uint8Array([0xff, 0xfe])],
};

describe('examples/custom-protocol keeps the plugin contract', () => {
  for (const contractCase of pluginContractCases(chatDriver, { jsonrpc })) it(contractCase.name, contractCase.run);
});

describe('examples/custom-protocol (chat.v1)', () => {
  it('shares a topic with a JSON-RPC client in both directions', async () => {
    broker = await startJunction({ protocols: [chatProtocol(), jsonrpc()] });
    const chat = await openClient(broker.url, 'chat.v1');
    const chatInbox = messages(chat);
    const rpc = await openClient(broker.url);
    const rpcInbox = messages(rpc);

    chat.send('SUB chat.room1');
    expect(await chatInbox.next()).toBe('OK SUB');
    rpc.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['chat.room1'] }));
    const subscribed = JSON.parse(await rpcInbox.next());
    expect(subscribed).toMatchObject({ jsonrpc: '2.0', id: 1 });

    rpc.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'publish',
        params: ['chat.room1', 'hello from json-rpc'],
      }),
    );
    expect(await chatInbox.next()).toBe('MSG chat.room1 hello from json-rpc');

    chat.send('PUB chat.room1 hello from chat.v1');
    const push = await rpcInbox.find((text) => text.includes('hello from chat.v1'));
    expect(JSON.parse(push)).toEqual({
      jsonrpc: '2.0',
      method: 'subscription',
      params: { subscription: subscribed.result, topic: 'chat.room1', result: 'hello from chat.v1' },
    });
    chat.close();
    rpc.close();
  });

  it('matches wildcard subscriptions and answers unknown commands with ERR', async () => {
    broker = await startJunction({ protocols: [chatProtocol()] });
    const chat = await openClient(broker.url, 'chat.v1');
    const inbox = messages(chat);
    chat.send('SUB chat.*');
    expect(await inbox.next()).toBe('OK SUB');
    broker.junction.publish('chat.lobby', 'from code');
    expect(await inbox.next()).toBe('MSG chat.lobby from code');
    chat.send('JUMP chat.lobby');
    expect(await inbox.next()).toBe('ERR unknown command JUMP');
    chat.send('PUB bad..topic text');
    expect(await inbox.next()).toMatch(/^ERR wamp\.error\.invalid_uri/);
    chat.close();
  });
});
