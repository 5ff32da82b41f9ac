/**
 * The plugin test kit (`junction/testing`): runs any protocol plugin against the broker's
 * contract over real sockets (negotiation, join and leave, cross-protocol publish and subscribe
 * with JSON-RPC, cleanup of a dropped connection, refusal of bad input), as plain cases that any
 * test runner can iterate. It starts and closes its own brokers and depends on no test framework.
 *
 * Room `testing`: owns the contract cases and their drivers' interface. May import `server`
 * (to start brokers), `plugin`, `router` and the lower rooms; never protocols/ (the JSON-RPC
 * plugin is passed in) and nothing imports it but tests and plugin authors.
 */
export { type ContractBroker, startContractBroker, withContractBroker } from './broker.js';
export { pluginContractCases } from './cases.js';
export type { KitClient } from './client.js';
export type { ContractCase, ContractClient, ContractKitOptions, PluginDriver } from './driver.js';
export { type JsonRpcPeer, jsonRpcPeer } from './jsonrpc-peer.js';
