/**
 * The test kit itself: a plugin that breaks the contract fails the case that checks that part,
 * with a message saying what broke. The plugin here is a one-line text protocol (`kit.v1`).
 */
import { describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { defineProtocol, type SessionHandle } from '../../src/plugin/index.js';
import { type ContractCase, type PluginDriver, pluginContractCases } from '../../src/testing/index.js';

interface Faults {
  /** Throw on an unknown command instead of answering ERR. */
  readonly crashOnBadInput?: boolean;
  /** Never publish what clients send. */
  readonly dropPublishes?: boolean;
}

/** `SUB <topic>` → `OK`; `PUB <topic> <value>` → `OK`; deliveries arrive as `MSG <topic> <value>`. */
const kitProtocol = (faults: Faults) =>
  defineProtocol({
    name: 'kit',
    tokens: ['kit.v1'],
    createSession(connection, context) {
      let router: SessionHandle | undefined;
      return {
        onMessage(data) {
          const [command, topic = '', value = ''] = String(data).split(' ');
          if (command === 'JOIN') router = context.join(context.defaultRealm, { authid: 'kit', authrole: 'test' });
          else if (command === 'SUB')
            router?.subscribe(topic, {}, (m) => connection.send(`MSG ${m.topic} ${String(m.args?.[0])}`));
          else if (command === 'PUB' && !faults.dropPublishes) router?.publish({ topic, args: [value] });
          else if (command !== 'PUB' && faults.crashOnBadInput) throw new Error(`cannot handle ${command}`);
          else if (command !== 'PUB') return void connection.send('ERR unknown command');
          connection.send('OK');
        },
      };
    },
  });

const driverFor = (faults: Faults): PluginDriver => {
  const command = async (client: Parameters<PluginDriver['join']>[0], line: string) => {
    client.send(line);
    expect(await client.next()).toBe('OK');
  };
  return {
    createPlugin: () => kitProtocol(faults),
    join: (client) => command(client, 'JOIN'),
    subscribe: (client, topic) => command(client, `SUB ${topic}`),
    publish: (client, topic, value) => command(client, `PUB ${topic} ${value}`),
    async nextValue(client, topic) {
      for (;;) {
        const [kind, on, value] = String(await client.next()).split(' ');
        if (kind === 'MSG' && on === topic) return value ?? '';
      }
    },
    badInput: ['JUMP'],
  };
};

function caseNamed(cases: ContractCase[], part: string): ContractCase {
  const found = cases.find((c) => c.name.includes(part));
  if (!found) throw new Error(`no case ${part}`);
  return found;
}

describe('pluginContractCases', () => {
  it('passes every case for a plugin that keeps the contract', async () => {
    for (const contractCase of pluginContractCases(driverFor({}), { jsonrpc })) await contractCase.run();
  });

  it('runs a fallback plugin, reaching JSON-RPC by its explicit token instead', async () => {
    const driver = driverFor({});
    const fallback: PluginDriver = {
      ...driver,
      createPlugin: () => ({ ...kitProtocol({}), fallback: true }),
      token: null,
    };
    for (const contractCase of pluginContractCases(fallback, { jsonrpc })) await contractCase.run();
  });

  it('fails the bad-input case when a session crashes with 1011', async () => {
    const cases = pluginContractCases(driverFor({ crashOnBadInput: true }), { jsonrpc, timeoutMs: 1000 });
    await expect(caseNamed(cases, 'bad input').run()).rejects.toThrow(/1011/);
  });

  it('fails the cross-protocol case when the plugin drops publishes', async () => {
    const cases = pluginContractCases(driverFor({ dropPublishes: true }), { jsonrpc, timeoutMs: 500 });
    await expect(caseNamed(cases, 'reaches a JSON-RPC subscriber').run()).rejects.toThrow(/no message within/);
  });
});
