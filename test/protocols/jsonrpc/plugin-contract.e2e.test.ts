/** The JSON-RPC plugin keeps the plugin contract of `junction/testing`, spoken as raw JSON over ws. */
import { describe, it } from 'vitest';
import { jsonrpc } from '../../../protocols/jsonrpc/index.js';
import { type ContractClient, type JsonRpcPeer, jsonRpcPeer, pluginContractCases } from '../../../src/testing/index.js';

// One JSON-RPC conversation per socket: replies and pushes interleave, the peer keeps them apart.
const peers = new WeakMap<ContractClient, JsonRpcPeer>();
const peerOf = (client: ContractClient): JsonRpcPeer => {
  const peer = peers.get(client) ?? jsonRpcPeer(client);
  peers.set(client, peer);
  return peer;
};

const driver = {
  createPlugin: () => jsonrpc(),
  // No token: the fallback path, as a plain `new WebSocket(url)` connects.
  token: null,
  // JSON-RPC joins the URL's realm on connect; the first request waits for it.
  join: async () => {},
  subscribe: async (client: ContractClient, topic: string) => void (await peerOf(client).subscribe(topic)),
  publish: (client: ContractClient, topic: string, value: string) => peerOf(client).publish(topic, value),
  nextValue: async (client: ContractClient, topic: string) => String(await peerOf(client).nextValue(topic)),
  badInput: ['{"jsonrpc": "2.0", "method": ', '{"jsonrpc":"2.0","id":7}', '[]'],
};

describe('JSON-RPC plugin contract', () => {
  for (const contractCase of pluginContractCases(driver, { jsonrpc })) it(contractCase.name, contractCase.run);
});
