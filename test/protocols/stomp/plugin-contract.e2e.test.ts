/** The STOMP plugin keeps the plugin contract of `junction/testing`, spoken in raw STOMP 1.2 frames. */
import { describe, it } from 'vitest';
import { jsonrpc } from '../../../protocols/jsonrpc/index.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type ContractClient, type PluginDriver, pluginContractCases } from '../../../src/testing/index.js';

interface RawFrame {
  readonly command: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Enough of STOMP 1.2 framing for these frames: no escapes, no content-length, one frame per message. */
function parse(data: string | Uint8Array): RawFrame {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  const [head = '', ...rest] = text.replace(/^\n+/, '').split('\n\n');
  const [command = '', ...lines] = head.split('\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
  return { command, headers, body: rest.join('\n\n').replace(/\0\n*$/, '') };
}

async function expectFrame(client: ContractClient, command: string): Promise<RawFrame> {
  for (;;) {
    const frame = parse(await client.next());
    if (frame.command === command) return frame;
    if (frame.command === 'ERROR') throw new Error(`STOMP ERROR: ${frame.headers.message}`);
  }
}

const driver: PluginDriver = {
  createPlugin: () => stomp(),
  token: 'v12.stomp',
  async join(client) {
    client.send('CONNECT\naccept-version:1.2\nhost:/\n\n\0');
    await expectFrame(client, 'CONNECTED');
  },
  async subscribe(client, topic) {
    client.send(`SUBSCRIBE\nid:${topic}\ndestination:/topic/${topic}\nreceipt:sub-${topic}\n\n\0`);
    await expectFrame(client, 'RECEIPT');
  },
  async publish(client, topic, value) {
    client.send(`SEND\ndestination:/topic/${topic}\ncontent-type:text/plain\nreceipt:pub-${topic}\n\n${value}\0`);
    await expectFrame(client, 'RECEIPT');
  },
  async nextValue(client, topic) {
    for (;;) {
      const frame = await expectFrame(client, 'MESSAGE');
      if (frame.headers.destination === `/topic/${topic}`) return frame.body;
    }
  },
  badInput: ['BOGUS\n\n\0'],
};

describe('STOMP plugin contract', () => {
  for (const contractCase of pluginContractCases(driver, { jsonrpc })) it(contractCase.name, contractCase.run);
});
