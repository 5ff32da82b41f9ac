/**
 * The contract every protocol plugin keeps with the broker, as framework-neutral cases: each
 * starts its own broker (the plugin under test plus JSON-RPC), talks over real sockets, and
 * throws when the plugin breaks the contract.
 */
import { randomUUID } from 'node:crypto';
import type { ContractBroker } from './broker.js';
import { withContractBroker } from './broker.js';
import type { ContractCase, ContractKitOptions, PluginDriver } from './driver.js';
import { check, delay, waitUntil } from './wait.js';

type CaseBody = (broker: ContractBroker, driver: PluginDriver, timeoutMs: number) => Promise<void>;

/** A topic and a value no other case uses, so a stray delivery can never pass for the right one. */
function fresh(): { topic: string; value: string } {
  const id = randomUUID().slice(0, 8);
  return { topic: `contract.t${id}`, value: `value-${id}` };
}

async function negotiation(broker: ContractBroker, _driver: PluginDriver, timeoutMs: number): Promise<void> {
  const offers: (string | null)[] = [...broker.plugin.tokens, ...(broker.plugin.fallback ? [null] : [])];
  for (const token of offers) {
    const client = await broker.client(token);
    check(client.protocol === (token ?? ''), `offered ${token ?? 'no token'}, the broker echoed '${client.protocol}'`);
    await waitUntil(() => broker.created.includes(token), `the plugin has a session for ${token}`, timeoutMs);
  }
}

async function joinAndLeave(broker: ContractBroker, driver: PluginDriver, timeoutMs: number): Promise<void> {
  const client = await broker.client();
  await driver.join(client);
  await waitUntil(() => broker.pluginSessions().length === 1, 'the session is in the realm', timeoutMs);
  client.close();
  await waitUntil(() => broker.pluginSessions().length === 0, 'the session left the realm', timeoutMs);
}

async function pluginToJsonRpc(broker: ContractBroker, driver: PluginDriver): Promise<void> {
  const { topic, value } = fresh();
  const peer = await broker.peer();
  await peer.subscribe(topic);
  const client = await broker.client();
  await driver.join(client);
  await driver.publish(client, topic, value);
  const received = await peer.nextValue(topic);
  check(received === value, `JSON-RPC received ${JSON.stringify(received)}, expected ${JSON.stringify(value)}`);
}

async function jsonRpcToPlugin(broker: ContractBroker, driver: PluginDriver): Promise<void> {
  const { topic, value } = fresh();
  const client = await broker.client();
  await driver.join(client);
  await driver.subscribe(client, topic);
  const peer = await broker.peer();
  await peer.publish(topic, value);
  const received = await driver.nextValue(client, topic);
  check(received === value, `the plugin's client received ${JSON.stringify(received)}, expected "${value}"`);
}

async function cleanup(broker: ContractBroker, driver: PluginDriver, timeoutMs: number): Promise<void> {
  const { topic } = fresh();
  const client = await broker.client();
  await driver.join(client);
  await driver.subscribe(client, topic);
  check(broker.subscribersOf(topic) === 1, `after subscribe, ${broker.subscribersOf(topic)} subscribers, not 1`);
  client.terminate();
  await waitUntil(() => broker.subscribersOf(topic) === 0, 'the dropped session has no subscription', timeoutMs);
  await waitUntil(() => broker.pluginSessions().length === 0, 'the dropped session left the realm', timeoutMs);
  const { delivered } = broker.junction.publish(topic, 'after the drop');
  check(delivered === 0, `a publish after the drop reached ${delivered} subscribers`);
}

async function badInput(broker: ContractBroker, driver: PluginDriver, timeoutMs: number): Promise<void> {
  check(driver.badInput.length > 0, 'the driver gives no bad input');
  const { topic, value } = fresh();
  const bystander = await broker.client();
  await driver.join(bystander);
  await driver.subscribe(bystander, topic);
  const peer = await broker.peer();
  await peer.subscribe(topic);
  const offender = await broker.client();
  await driver.join(offender);
  for (const message of driver.badInput) offender.send(message);
  // The refusal is an error reply, a close, or silence; a crash shows within a moment of any.
  await Promise.race([offender.closed, offender.next(timeoutMs).catch(() => undefined), delay(timeoutMs)]);
  await delay(100);
  check(offender.closeCode !== 1011, 'bad input closed the connection with 1011 (the session crashed)');
  check(broker.junction.stats.session_crashed === 0, 'bad input crashed a session');
  await peer.publish(topic, value);
  check((await driver.nextValue(bystander, topic)) === value, 'another session of the plugin missed a message');
  check((await peer.nextValue(topic)) === value, 'the JSON-RPC session missed a message');
}

const CASES: readonly [string, CaseBody][] = [
  ['negotiation: echoes each token it claims and hands the connection to the plugin', negotiation],
  ['join and leave: a joined session is in the realm and leaves it on close', joinAndLeave],
  ['cross-protocol: a publish from the plugin reaches a JSON-RPC subscriber', pluginToJsonRpc],
  ['cross-protocol: a JSON-RPC publish reaches the plugin subscriber', jsonRpcToPlugin],
  ['cleanup: a dropped connection releases its session and subscriptions', cleanup],
  ['bad input: refused without 1011, other sessions unaffected', badInput],
];

/**
 * The plugin contract as a list of cases, for any test runner.
 *
 * @example
 * ```ts
 * import { pluginContractCases } from 'junction/testing';
 * import { jsonrpc } from 'junction/protocols/jsonrpc';
 * for (const c of pluginContractCases(myDriver, { jsonrpc })) it(c.name, c.run);
 * ```
 */
export function pluginContractCases(driver: PluginDriver, options: ContractKitOptions): ContractCase[] {
  const timeoutMs = options.timeoutMs ?? 3000;
  return CASES.map(([name, body]) => ({
    name: `[plugin contract] ${name}`,
    run: () => withContractBroker(driver, options, (broker) => body(broker, driver, timeoutMs)),
  }));
}
