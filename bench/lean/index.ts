/** Which targets have a lean client, for which workloads; the others use bench/drivers/. */
import type { DriverName } from '../drivers/index.js';
import { leanJsonRpc } from './jsonrpc.js';
import { leanRelay } from './relay.js';
import { leanStomp } from './stomp.js';
import type { LeanDriver } from './types.js';
import { leanWampJson, leanWampMsgpack } from './wamp.js';

const fanoutDrivers: Partial<Record<DriverName, () => LeanDriver>> = {
  relay: leanRelay,
  stomp: () => leanStomp(),
  'wamp.2.json': leanWampJson,
  'wamp.2.msgpack': leanWampMsgpack,
  jsonrpc: leanJsonRpc,
  'rabbitmq-stomp': () => leanStomp({ login: 'guest', passcode: 'guest', host: '/' }),
};

const rpcDrivers: Partial<Record<DriverName, () => LeanDriver>> = {
  relay: leanRelay,
  'wamp.2.json': leanWampJson,
  'wamp.2.msgpack': leanWampMsgpack,
  jsonrpc: leanJsonRpc,
};

/** The lean driver for a workload, or undefined when only the full client exists. */
export function leanDriver(workload: 'fanout' | 'rpc', name: DriverName): LeanDriver | undefined {
  return (workload === 'fanout' ? fanoutDrivers : rpcDrivers)[name]?.();
}

/** Connects `names` a few dozen handshakes at a time. */
export async function connectLeanMany(
  url: string,
  drivers: readonly LeanDriver[],
  batch = 50,
): Promise<import('./types.js').LeanClient[]> {
  const clients = [];
  for (let start = 0; start < drivers.length; start += batch) {
    const slice = drivers.slice(start, start + batch);
    clients.push(...(await Promise.all(slice.map((d) => d.connect(url)))));
  }
  return clients;
}
