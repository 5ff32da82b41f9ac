/**
 * The broker a contract case runs against: createJunction on port 0 with the plugin under test
 * and the JSON-RPC plugin, quiet logs, and views of what the plugin's sessions hold.
 */
import type { Connection, ProtocolPlugin, SessionContext } from '../plugin/types.js';
import type { SessionInfo } from '../router/types.js';
import { createJunction, type Junction } from '../server/junction.js';
import { type KitClient, openKitClient } from './client.js';
import type { ContractKitOptions, PluginDriver } from './driver.js';
import { type JsonRpcPeer, jsonRpcPeer } from './jsonrpc-peer.js';

/** A running broker for one case; `close()` drops every client and stops it. */
export interface ContractBroker {
  readonly junction: Junction;
  readonly plugin: ProtocolPlugin;
  /** The token of each session the plugin under test created, in order (null: none negotiated). */
  readonly created: readonly (string | null)[];
  /** Opens a client of the plugin under test offering `token` (default: the driver's). */
  client(token?: string | null): Promise<KitClient>;
  /** Opens a JSON-RPC client. */
  peer(): Promise<JsonRpcPeer>;
  /** The plugin's sessions in the default realm. */
  pluginSessions(): readonly SessionInfo[];
  /** Subscriptions in the default realm that a publish to `topic` would reach. */
  subscribersOf(topic: string): number;
  close(): Promise<void>;
}

/**
 * Records the token of every session the plugin creates. Object.create keeps the plugin's own
 * members (and a class's prototype) and overrides createSession alone.
 */
function spy(plugin: ProtocolPlugin, created: (string | null)[]): ProtocolPlugin {
  const createSession = (connection: Connection, context: SessionContext) => {
    created.push(context.token);
    return plugin.createSession(connection, context);
  };
  return Object.create(plugin, { createSession: { value: createSession } }) as ProtocolPlugin;
}

/** The peer plugin, unless the plugin under test is JSON-RPC itself (it claims the peer's token). */
function peerPlugin(plugin: ProtocolPlugin, jsonrpc: ProtocolPlugin): ProtocolPlugin | undefined {
  if (jsonrpc.tokens.some((token) => plugin.tokens.includes(token))) return undefined;
  // A broker has one fallback; the peer offers its token explicitly, so it never needs the role.
  return plugin.fallback ? (Object.create(jsonrpc, { fallback: { value: false } }) as ProtocolPlugin) : jsonrpc;
}

/** Starts a broker for one case. */
export async function startContractBroker(driver: PluginDriver, options: ContractKitOptions): Promise<ContractBroker> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const plugin = driver.createPlugin();
  const jsonrpc = options.jsonrpc();
  const peer = peerPlugin(plugin, jsonrpc);
  const created: (string | null)[] = [];
  const junction = createJunction({
    protocols: peer ? [spy(plugin, created), peer] : [spy(plugin, created)],
    port: 0,
    host: '127.0.0.1',
    logger: 'silent',
    limits: { shutdownGrace: 200 },
  });
  await junction.listen();
  const clients: KitClient[] = [];
  const open = async (token: string | null): Promise<KitClient> => {
    const client = await openKitClient(junction.url, token, timeoutMs);
    clients.push(client);
    return client;
  };
  const realm = () => junction.router.realm(junction.router.defaultRealm);
  const defaultToken = driver.token === undefined ? (plugin.tokens[0] ?? null) : driver.token;
  return {
    junction,
    plugin,
    created,
    client: (token = defaultToken) => open(token),
    peer: async () => jsonRpcPeer(await open(jsonrpc.tokens[0] ?? null)),
    pluginSessions: () =>
      realm()
        ?.sessions()
        .filter((session) => session.protocol === plugin.name) ?? [],
    subscribersOf: (topic) =>
      realm()
        ?.matchSubscriptions(topic)
        .reduce((sum, subscription) => sum + subscription.subscribers.length, 0) ?? 0,
    async close() {
      for (const client of clients) client.terminate();
      await junction.close();
    },
  };
}

/** Runs `body` against a fresh broker and always closes it. */
export async function withContractBroker(
  driver: PluginDriver,
  options: ContractKitOptions,
  body: (broker: ContractBroker) => Promise<void>,
): Promise<void> {
  const broker = await startContractBroker(driver, options);
  try {
    await body(broker);
  } finally {
    await broker.close();
  }
}
