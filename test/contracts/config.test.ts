/**
 * The config file's `contracts` key: validated (errors name the path and the contract), compiled
 * at startup, and enforced by the broker the CLI runs (`node dist/cli/main.js`, built by `pretest`).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../cli/config.js';
import { createJunction, type Junction } from '../../src/server/junction.js';
import { waitForLog } from '../helpers/cli-process.js';
import { messages, openClient } from '../helpers/ws-client.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'dist/cli/main.js');

const contracts = [
  {
    topic: 'orders.*',
    publish: { type: 'object', required: ['quantity'], properties: { quantity: { type: 'integer', minimum: 1 } } },
  },
  { procedure: 'com.example.add', params: { properties: { args: { items: { type: 'number' } } } } },
];

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'junction-contracts-')), 'junction.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const resolveFile = (content: unknown) => resolveConfig({ config: configFile(content) }, {});

let junction: Junction | undefined;
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  await junction?.close();
  junction = undefined;
  child?.kill('SIGKILL');
  child = undefined;
});

describe('config file contracts', () => {
  it('reads contracts and hands them to createJunction, which enforces them', async () => {
    const config = resolveFile({ contracts });
    expect(config.contracts).toEqual(contracts);
    junction = createJunction({ protocols: [], logger: 'silent', contracts: config.contracts });
    junction.register('com.example.add', ([a, b]) => Number(a) + Number(b));
    expect(() => junction?.publish('orders.new', { quantity: 0 })).toThrow('/quantity must be >= 1');
    await expect(junction.call('com.example.add', { args: [1, 'x'] })).rejects.toMatchObject({
      message: 'Invalid arguments for com.example.add: /args/1 must be number',
    });
  });

  it('names the path of a contract with unknown keys or a bad match policy', () => {
    expect(() => resolveFile({ contracts: [{ topic: 'a', publish: {}, schema: {} }] })).toThrow(
      /\/contracts\/0 must NOT have additional properties 'schema'/,
    );
    expect(() => resolveFile({ contracts: [{ topic: 'a', publish: {}, match: 'glob' }] })).toThrow(
      /\/contracts\/0\/match must be one of exact, prefix, wildcard/,
    );
    expect(() => resolveFile({ contracts: [{ topic: 'a', publish: 'x' }] })).toThrow(
      /\/contracts\/0\/publish must be object,boolean/,
    );
  });

  it('names the contract that mixes topic and procedure keys or lacks its schema', () => {
    expect(() => resolveFile({ contracts: [contracts[0], { topic: 't', params: {} }] })).toThrow(
      /\/contracts\/1 a topic contract needs a "publish" schema/,
    );
    expect(() => resolveFile({ contracts: [{ topic: 't', procedure: 'p', publish: {} }] })).toThrow(
      /\/contracts\/0 names either a "topic" or a "procedure"/,
    );
    expect(() => resolveFile({ contracts: [{ procedure: 'a b', params: {} }] })).toThrow(
      /\/contracts\/0 invalid exact pattern "a b"/,
    );
  });

  it('names the contract and the schema path of an invalid JSON Schema', () => {
    const bad = { procedure: 'com.example.add', result: { type: 'number', minimum: 'one' } };
    expect(() => resolveFile({ contracts: [contracts[0], bad] })).toThrow(ConfigError);
    expect(() => resolveFile({ contracts: [contracts[0], bad] })).toThrow(
      /\/contracts\/1 has an invalid JSON Schema: \/contracts\/1\/result\/minimum must be number/,
    );
  });
});

describe('junction CLI with contracts', () => {
  async function start(config: string): Promise<string> {
    const proc = spawn(process.execPath, [bin, '--port', '0', '--log-level', 'info', '--config', config]);
    child = proc;
    return String((await waitForLog(proc, 'junction listening')).url);
  }

  it('refuses a JSON-RPC publish that breaks a config-file contract with -32602', async () => {
    const url = await start(configFile({ contracts }));
    const client = await openClient(url);
    const inbox = messages(client);
    const request = (id: number, params: unknown) =>
      client.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'publish', params }));
    request(1, ['orders.new', { quantity: 0 }]);
    expect(JSON.parse(await inbox.next())).toMatchObject({
      id: 1,
      error: { code: -32602, message: 'Invalid payload for orders.new: /quantity must be >= 1' },
    });
    request(2, ['orders.new', { quantity: 1 }]);
    expect(JSON.parse(await inbox.next())).toEqual({ jsonrpc: '2.0', id: 2, result: true });
    client.close();
  });

  it('exits 2 naming the contract whose schema does not compile', () => {
    const config = configFile({ contracts: [{ topic: 'a', publish: { $ref: '#/definitions/nope' } }] });
    const result = spawnSync(process.execPath, [bin, '--port', '0', '--config', config], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^junction: contracts\[0\] \(topic a\): publish: invalid JSON Schema/);
  });
});
