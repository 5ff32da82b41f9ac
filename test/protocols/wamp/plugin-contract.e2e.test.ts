/** The WAMP plugin keeps the plugin contract of `junction/testing`, spoken as raw wamp.2.json arrays. */
import { describe, it } from 'vitest';
import { jsonrpc } from '../../../protocols/jsonrpc/index.js';
import { wamp } from '../../../protocols/wamp/index.js';
import { type ContractClient, type PluginDriver, pluginContractCases } from '../../../src/testing/index.js';

// WAMP message codes (WAMP v2 basic profile).
const HELLO = 1;
const WELCOME = 2;
const ABORT = 3;
const ERROR = 8;
const PUBLISH = 16;
const PUBLISHED = 17;
const SUBSCRIBE = 32;
const SUBSCRIBED = 33;
const EVENT = 36;

/** Subscription id → topic, per client: EVENT names the subscription, not the topic. */
const topics = new WeakMap<ContractClient, Map<number, string>>();
let requestId = 0;

/** The next message with `code`, skipping others; an ABORT or ERROR fails. */
async function expectMessage(client: ContractClient, code: number): Promise<unknown[]> {
  for (;;) {
    const message = JSON.parse(String(await client.next())) as unknown[];
    if (message[0] === code) return message;
    if (message[0] === ABORT || message[0] === ERROR) throw new Error(`WAMP refused: ${JSON.stringify(message)}`);
  }
}

const driver: PluginDriver = {
  createPlugin: () => wamp(),
  token: 'wamp.2.json',
  async join(client) {
    client.send(JSON.stringify([HELLO, 'realm1', { roles: { publisher: {}, subscriber: {} } }]));
    await expectMessage(client, WELCOME);
    topics.set(client, new Map());
  },
  async subscribe(client, topic) {
    client.send(JSON.stringify([SUBSCRIBE, ++requestId, {}, topic]));
    const [, , subscription] = await expectMessage(client, SUBSCRIBED);
    topics.get(client)?.set(Number(subscription), topic);
  },
  async publish(client, topic, value) {
    client.send(JSON.stringify([PUBLISH, ++requestId, { acknowledge: true }, topic, [value]]));
    await expectMessage(client, PUBLISHED);
  },
  async nextValue(client, topic) {
    for (;;) {
      const [, subscription, , , args] = await expectMessage(client, EVENT);
      if (topics.get(client)?.get(Number(subscription)) === topic) return String((args as unknown[])[0]);
    }
  },
  // Not JSON, then a message code no peer may send.
  badInput: ['[1, "realm1"', JSON.stringify([999, 1])],
};

describe('WAMP plugin contract', () => {
  for (const contractCase of pluginContractCases(driver, { jsonrpc })) it(contractCase.name, contractCase.run);
});
